//! `tailor lsp`: a Language Server Protocol server over stdio for catalog YAML and rule files, a
//! thin face over the same loader and checker `tailor check` uses (no logic of its own): the
//! open documents are the files the loader reads, and what it reports is published as the
//! editor's diagnostics.

mod complete;
mod diagnostics;
mod navigate;
mod position;

use diagnostics::check_document;
use lsp_server::{Connection, Message, Notification};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    Completion, GotoDefinition, HoverRequest, References, Rename, Request as _,
};
use lsp_types::{
    CompletionOptions, CompletionParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, GotoDefinitionParams, HoverParams, HoverProviderCapability, OneOf,
    PublishDiagnosticsParams, ReferenceParams, RenameParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use navigate::Nav;
use std::collections::HashMap;
use std::str::FromStr;

/// Why the server stopped other than by `shutdown`/`exit`.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("language server: {0}")]
    Other(String),
}

/// Serves one client on stdin/stdout until it asks to shut down.
pub fn run_stdio() -> Result<(), LspError> {
    let (connection, io) = Connection::stdio();
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), " ".into(), "{".into()]),
            ..CompletionOptions::default()
        }),
        ..Default::default()
    };
    let caps = serde_json::to_value(caps).map_err(|e| LspError::Other(e.to_string()))?;
    connection.initialize(caps)?;
    serve(&connection)?;
    drop(connection);
    io.join().map_err(|e| LspError::Other(e.to_string()))?;
    Ok(())
}

/// The open documents by URI (as text: `Uri` caches its parts inside): what the editor shows,
/// which may differ from the disk.
pub type Documents = HashMap<String, String>;

fn serve(conn: &Connection) -> Result<(), LspError> {
    let mut docs = Documents::new();
    // The last catalog navigated, until a document changes (requests come in bursts).
    let mut cache = Cache::default();
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                let reply = answer(&docs, &mut cache, req);
                send(conn, Message::Response(reply))?;
            }
            Message::Notification(n) => {
                if let Some(uri) = update(&mut docs, n) {
                    cache.nav = None;
                    if let Some(m) = publish(conn, &docs, &uri)? {
                        cache.last_model.insert(uri.to_string(), m);
                    }
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// What requests reuse: the last catalog navigated (until a document changes), and per document
/// the last model that loaded (completion runs on text that does not load yet).
#[derive(Default)]
struct Cache {
    nav: Option<(String, Nav)>,
    last_model: HashMap<String, crate::model::Model>,
}

/// The reply to a request: navigation over the document's catalog, or an error saying why not.
fn answer(docs: &Documents, cache: &mut Cache, req: lsp_server::Request) -> lsp_server::Response {
    use lsp_server::{ErrorCode, Response};
    let id = req.id.clone();
    let bad = |id, e: String| Response::new_err(id, ErrorCode::InvalidParams as i32, e);
    let uri = req
        .params
        .pointer("/textDocument/uri")
        .and_then(|u| u.as_str())
        .map(str::to_string);
    let known = matches!(
        req.method.as_str(),
        HoverRequest::METHOD
            | GotoDefinition::METHOD
            | References::METHOD
            | Rename::METHOD
            | Completion::METHOD
    );
    let Some(uri) = uri.filter(|_| known) else {
        return Response::new_err(
            id,
            ErrorCode::MethodNotFound as i32,
            format!("`{}` is not supported", req.method),
        );
    };
    if cache.nav.as_ref().map(|(u, _)| u) != Some(&uri) {
        cache.nav = Uri::from_str(&uri)
            .ok()
            .and_then(|u| Nav::of(docs, &u))
            .map(|n| (uri.clone(), n));
        if let Some(m) = cache.nav.as_ref().and_then(|(_, n)| n.loaded.model.clone()) {
            cache.last_model.insert(uri.clone(), m);
        }
    }
    if req.method == Completion::METHOD {
        return match serde_json::from_value::<CompletionParams>(req.params) {
            Ok(p) => {
                let text = docs.get(&uri).map(String::as_str).unwrap_or("");
                let is_catalog = uri.ends_with(".yaml") || uri.ends_with(".yml");
                let pos = p.text_document_position.position;
                let items = complete::complete(text, is_catalog, pos, cache.last_model.get(&uri));
                Response::new_ok(id, items)
            }
            Err(e) => bad(id, e.to_string()),
        };
    }
    let Some((_, nav)) = cache.nav.as_ref() else {
        // No catalog that loads: nothing to point at (the diagnostics say why).
        return Response::new_ok(id, serde_json::Value::Null);
    };
    let params = req.params;
    match req.method.as_str() {
        HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(params) {
            Ok(p) => Response::new_ok(id, nav.hover(p.text_document_position_params.position)),
            Err(e) => bad(id, e.to_string()),
        },
        GotoDefinition::METHOD => match serde_json::from_value::<GotoDefinitionParams>(params) {
            Ok(p) => Response::new_ok(id, nav.definition(p.text_document_position_params.position)),
            Err(e) => bad(id, e.to_string()),
        },
        References::METHOD => match serde_json::from_value::<ReferenceParams>(params) {
            Ok(p) => Response::new_ok(
                id,
                nav.references(
                    p.text_document_position.position,
                    p.context.include_declaration,
                ),
            ),
            Err(e) => bad(id, e.to_string()),
        },
        _ => match serde_json::from_value::<RenameParams>(params) {
            Ok(p) => match nav.rename(p.text_document_position.position, &p.new_name) {
                Ok(edit) => Response::new_ok(id, edit),
                Err(e) => Response::new_err(id, ErrorCode::RequestFailed as i32, e),
            },
            Err(e) => bad(id, e.to_string()),
        },
    }
}

/// Applies a document notification; the document to check again, if any.
fn update(docs: &mut Documents, n: Notification) -> Option<Uri> {
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: DidOpenTextDocumentParams = serde_json::from_value(n.params).ok()?;
            docs.insert(p.text_document.uri.to_string(), p.text_document.text);
            Some(p.text_document.uri)
        }
        DidChangeTextDocument::METHOD => {
            let p: DidChangeTextDocumentParams = serde_json::from_value(n.params).ok()?;
            // Full sync: the last change is the whole text.
            let text = p.content_changes.into_iter().last()?.text;
            docs.insert(p.text_document.uri.to_string(), text);
            Some(p.text_document.uri)
        }
        DidCloseTextDocument::METHOD => {
            let p: DidCloseTextDocumentParams = serde_json::from_value(n.params).ok()?;
            docs.remove(p.text_document.uri.as_str());
            None
        }
        _ => None,
    }
}

/// Checks `uri` and publishes the diagnostics of every file the check read: the load's at once,
/// then again with the analysis's findings when there are any. The model, when it loads.
fn publish(
    conn: &Connection,
    docs: &Documents,
    uri: &Uri,
) -> Result<Option<crate::model::Model>, LspError> {
    let mut sent = Ok(());
    let mut model = None;
    let analysed = check_document(docs, uri, &mut |files, m| {
        sent = send_all(conn, files);
        model = m.cloned();
    });
    sent?;
    if let Some(files) = analysed {
        send_all(conn, files)?;
    }
    Ok(model)
}

fn send_all(
    conn: &Connection,
    files: Vec<(Uri, Vec<lsp_types::Diagnostic>)>,
) -> Result<(), LspError> {
    for (file, diagnostics) in files {
        let params = PublishDiagnosticsParams {
            uri: file,
            diagnostics,
            version: None,
        };
        send(
            conn,
            Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.to_string(),
                params,
            )),
        )?;
    }
    Ok(())
}

fn send(conn: &Connection, m: Message) -> Result<(), LspError> {
    conn.sender
        .send(m)
        .map_err(|e| LspError::Other(format!("the client is gone: {e}")))
}
