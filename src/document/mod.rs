//! A quote as documents people read: a printable HTML page and a CSV for spreadsheets (the JSON
//! is the quote itself). Pure text in, text out: no I/O, so the CLI, the server and the browser
//! render the same bytes.

mod csv;
mod html;
mod words;

pub use self::csv::quote_csv;
pub use html::quote_html;
pub use words::Words;
