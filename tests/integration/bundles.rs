//! Bundles (`uses:`): the example bundle answers across its modules (rules, discounts, reasons
//! naming a module's rule, every module's version in the answer and the quote), and what may go
//! wrong with a module is reported at its entry: a changed pinned module, another currency, a
//! cycle, a missing file, a mistake inside the module at its own line.

use crate::util::root;
use tailor::api::MapIncluder;
use tailor::budget::Budget;
use tailor::engine::{configure, Options, Session};
use tailor::load::Loaded;

fn load(files: &[(&str, &str)]) -> Loaded {
    let map: indexmap::IndexMap<String, String> = files
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    tailor::front::load_yaml(files[0].0, files[0].1, &MapIncluder::new(&map))
}

fn errors(l: &Loaded) -> Vec<String> {
    l.diagnostics
        .items
        .iter()
        .map(|d| {
            let at = l.sources.locate(d);
            format!("{}:{}:{}: {}", at.file, at.line, at.col, d.message)
        })
        .collect()
}

const TV: &str = "catalog: tv-co\nversion: \"7\"\ncurrency: EUR\ncomponents:\n  package:\n    features:\n      tier: { one_of: { basic: { price: { monthly: 10 } }, cinema: { price: { monthly: 25 } } } }\n      uhd: { bool: {} }\nrules: |\n  rule uhd_cinema: package.uhd -> package.tier = cinema\n";

fn bundle(uses: &str) -> String {
    format!("catalog: b\ncurrency: EUR\nuses:\n{uses}components:\n  internet:\n    features:\n      speed: {{ one_of: [s250, s1000] }}\nrules: |\n  rule uhd_bandwidth: tv.package.uhd -> internet.speed = s1000\n  discount both: 5.00 monthly when tv.package.tier = cinema and internet.speed = s1000\n")
}

#[test]
fn the_example_bundle_answers_across_its_modules() {
    let path = root().join("catalogs/family-bundle.yaml");
    let loaded = tailor::load::load_file(path.to_str().expect("utf-8")).expect("readable");
    let model = loaded.model.expect("loads");
    let ids: Vec<&str> = model.modules.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["streamline-tv", "safehome-insurance"]);
    // Each module's hash is the one it has on its own.
    for (m, file) in model.modules.iter().zip([
        "catalogs/partners/streamline-tv.yaml",
        "catalogs/partners/safehome-insurance.yaml",
    ]) {
        let alone = tailor::load::load_file(root().join(file).to_str().expect("utf-8"))
            .expect("readable")
            .model
            .expect("loads");
        assert_eq!(m.hash, alone.hash, "{file}");
        assert_eq!(m.version, alone.version, "{file}");
    }
    let mut s = Session::new(model).expect("compiles");
    let budget = Budget::millis(10_000);
    // A module's own rule, named in its namespace.
    let picks = ["tv.package.uhd=true", "tv.box.model=app"];
    let choices = s.parse_choices(&picks.map(String::from)).expect("choices");
    let a = configure(&mut s, &choices, Options::default(), &budget);
    assert!(!a.consistent);
    let conflict = serde_json::to_value(&a.conflict).expect("json");
    assert!(
        conflict.to_string().contains("\"tv.uhd_box\""),
        "{conflict}"
    );
    // The bundle's rule and discount reach into the module; the answer records every module.
    let picks = [
        "tv.package.tier=cinema",
        "internet.speed=s1000",
        "tv.package.uhd=true",
    ];
    let choices = s.parse_choices(&picks.map(String::from)).expect("choices");
    let a = configure(&mut s, &choices, Options::default(), &budget);
    assert!(a.consistent);
    let json = serde_json::to_value(&a).expect("json");
    let rules: Vec<&str> = json["price"]["adjustments"]
        .as_array()
        .expect("adjustments")
        .iter()
        .filter_map(|x| x["rule"].as_str())
        .collect();
    assert!(rules.contains(&"cinema_gigabit"), "{rules:?}");
    let modules = json["catalog"]["modules"].as_array().expect("modules");
    assert_eq!(modules.len(), 2);
    assert_eq!(modules[0]["component"], "tv");
    assert_eq!(modules[0]["version"], "2026.10");
    // A quote records every module's version too.
    let who = tailor::engine::QuoteFor {
        customer: None,
        lang: None,
        today: tailor::engine::parse_day("2026-12-06").expect("a day"),
        manual_discount: [rust_decimal::Decimal::ZERO; 2],
    };
    let q = tailor::engine::quote(&mut s, &choices, &who, &budget).expect("a quote");
    let q = serde_json::to_value(&q).expect("json");
    assert_eq!(q["catalog"]["modules"], json["catalog"]["modules"]);
    assert_eq!(q["catalog"]["modules"][1]["id"], "safehome-insurance");
    // The insurance is optional: left out, its features are absent, not a conflict.
    let choices = s
        .parse_choices(&["!insurance".to_string()])
        .expect("choices");
    assert!(configure(&mut s, &choices, Options::default(), &budget).consistent);
}

#[test]
fn a_bundle_reads_its_modules_rules_under_their_names() {
    let b = bundle("  tv: partners/tv.yaml\n");
    let l = load(&[("b.yaml", &b), ("partners/tv.yaml", TV)]);
    assert_eq!(errors(&l), Vec::<String>::new());
    let m = l.model.expect("loads");
    let ids: Vec<&str> = m.constraints.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["uhd_bandwidth", "tv.uhd_cinema"]);
    assert_eq!(m.modules[0].version, "7");
}

#[test]
fn regression_a_changed_pinned_module_is_refused_at_its_pin() {
    let alone = load(&[("partners/tv.yaml", TV)]).model.expect("loads");
    let pinned = |h: &str| {
        bundle(&format!(
            "  tv:\n    file: partners/tv.yaml\n    hash: \"{h}\"\n"
        ))
    };
    let ok = load(&[("b.yaml", &pinned(&alone.hash)), ("partners/tv.yaml", TV)]);
    assert_eq!(errors(&ok), Vec::<String>::new());
    let changed = TV.replace("monthly: 25", "monthly: 27");
    let l = load(&[
        ("b.yaml", &pinned(&alone.hash)),
        ("partners/tv.yaml", &changed),
    ]);
    let e = errors(&l);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("b.yaml:4:3: module `tv` (partners/tv.yaml) changed since it was pinned: pinned sha256:"), "{e:?}");
}

#[test]
fn what_is_wrong_with_a_module_is_said_where_it_is() {
    // Another currency.
    let usd = TV.replace("EUR", "USD");
    let e = errors(&load(&[
        ("b.yaml", &bundle("  tv: partners/tv.yaml\n")),
        ("partners/tv.yaml", &usd),
    ]));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(
            "b.yaml:4:3: module `tv` (partners/tv.yaml) prices in USD, this catalog in EUR"
        ),
        "{e:?}"
    );
    // A missing file.
    let e = errors(&load(&[("b.yaml", &bundle("  tv: partners/none.yaml\n"))]));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("b.yaml:4:3: cannot read module `tv` (`partners/none.yaml`)"),
        "{e:?}"
    );
    // A mistake inside the module: at its line there, and the bundle's rules naming the
    // module are not reported again.
    let broken = TV.replace("package.tier = cinema", "package.tier = cinemaa");
    let e = errors(&load(&[
        ("b.yaml", &bundle("  tv: partners/tv.yaml\n")),
        ("partners/tv.yaml", &broken),
    ]));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("partners/tv.yaml:10:"), "{e:?}");
    assert!(e[0].contains("cinemaa"), "{e:?}");
    // A cycle: the module uses the bundle.
    let cyclic = TV.replace(
        "currency: EUR\n",
        "currency: EUR\nuses: { back: ../b.yaml }\n",
    );
    let e = errors(&load(&[
        ("b.yaml", &bundle("  tv: partners/tv.yaml\n")),
        ("partners/tv.yaml", &cyclic),
    ]));
    assert!(
        e.iter().any(|x| x.starts_with("partners/tv.yaml:4:")
            && x.contains("module cycle: b.yaml -> tv.yaml -> b.yaml")),
        "{e:?}"
    );
}

#[test]
fn regression_a_modules_names_pointed_at_the_start_of_the_bundle() {
    // The bundle's builder sees a module's components in no file: analysis findings and the
    // editor's definitions must point into the module's own file.
    let b = bundle("  tv: partners/tv.yaml\n");
    let l = load(&[("b.yaml", &b), ("partners/tv.yaml", TV)]);
    let m = l.model.as_ref().expect("loads");
    let at = |span: tailor::source::Span| {
        let f = l.sources.file(span.file);
        (f.name.clone(), f.line_col(span.start).0)
    };
    let feature = |p: &str| m.features.iter().find(|f| f.path == p).expect(p);
    assert_eq!(
        at(feature("tv.package.uhd").span),
        ("partners/tv.yaml".to_string(), 8)
    );
    let tier = feature("tv.package.tier");
    assert_eq!(at(tier.span), ("partners/tv.yaml".to_string(), 7));
    assert_eq!(
        at(tier.kind.values()[1].span),
        ("partners/tv.yaml".to_string(), 7)
    );
    let comp = |p: &str| m.components.iter().find(|c| c.path == p).expect(p);
    assert_eq!(at(comp("tv").span), ("b.yaml".to_string(), 4));
    assert_eq!(
        at(comp("tv.package").span),
        ("partners/tv.yaml".to_string(), 5)
    );
}

#[test]
fn diff_of_a_bundle_names_the_module_that_changed() {
    // A new version of the TV partner's catalog, the bundle unchanged: diff sees the whole.
    let b = bundle("  tv: partners/tv.yaml\n");
    let newer = TV
        .replace("version: \"7\"", "version: \"8\"")
        .replace("monthly: 25", "monthly: 27");
    let files = |tv: &str| -> tailor::api::CatalogFiles {
        tailor::api::CatalogFiles {
            main: "b.yaml".into(),
            files: [("b.yaml", b.as_str()), ("partners/tv.yaml", tv)]
                .into_iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    };
    let open = |f: tailor::api::CatalogFiles| {
        tailor::api::Configurator::from_files(&f, Default::default()).expect("loads")
    };
    let (mut old, mut new) = (open(files(TV)), open(files(&newer)));
    let d = tailor::api::diff(&mut old, &mut new, None).expect("diff");
    let d = serde_json::to_value(&d).expect("json");
    assert_eq!(d["old"]["modules"][0]["version"], "7", "{d}");
    assert_eq!(d["new"]["modules"][0]["version"], "8", "{d}");
    assert_ne!(
        d["old"]["modules"][0]["hash"],
        d["new"]["modules"][0]["hash"]
    );
    let prices = d["prices"].as_array().expect("prices");
    assert_eq!(prices.len(), 1, "{d}");
    assert_eq!(prices[0]["what"], "tv.package.tier=cinema");
    assert_eq!(prices[0]["new"]["monthly"], "27");
}

#[test]
fn a_module_may_use_modules_of_its_own() {
    // The guide says modules nest: the partner's TV catalog uses a receiver maker's catalog.
    let boxes = "catalog: box-co\nversion: \"2\"\ncurrency: EUR\ncomponents:\n  receiver:\n    features:\n      model: { one_of: { app: {}, box4k: { price: { once: 59 } } } }\n";
    let tv = TV
        .replace(
            "currency: EUR\n",
            "currency: EUR\nuses: { box: box-co.yaml }\n",
        )
        .replace(
            "rule uhd_cinema: package.uhd -> package.tier = cinema",
            "rule uhd_box: package.uhd -> box.receiver.model = box4k",
        );
    let b = bundle("  tv: partners/tv.yaml\n");
    let l = load(&[
        ("b.yaml", &b),
        ("partners/tv.yaml", &tv),
        ("partners/box-co.yaml", boxes),
    ]);
    assert_eq!(errors(&l), Vec::<String>::new());
    let m = l.model.expect("loads");
    let modules: Vec<(&str, &str)> = m
        .modules
        .iter()
        .map(|x| (x.component.as_str(), x.id.as_str()))
        .collect();
    assert_eq!(modules, [("tv", "tv-co"), ("tv.box", "box-co")]);
    assert!(m.features.iter().any(|f| f.path == "tv.box.receiver.model"));
    let ids: Vec<&str> = m.constraints.iter().map(|c| c.id.as_str()).collect();
    // The rule is the TV catalog's own: it reads `box.…` from `tv`.
    assert_eq!(ids, ["uhd_bandwidth", "tv.uhd_box"]);
}

#[test]
fn regression_the_editor_lost_the_names_in_a_modules_rule_files() {
    // A module whose rules are in a file of their own: the loader read them under the module's
    // component, but the editor's index read them at the top, where `package.uhd` names nothing.
    let tv = "catalog: tv-co\ncurrency: EUR\ninclude: [tv.rules]\ncomponents:\n  package:\n    features:\n      tier: { one_of: [basic, cinema] }\n      uhd: { bool: {} }\n";
    let rules = "rule uhd_cinema: package.uhd -> package.tier = cinema\n";
    let b = bundle("  tv: tv.yaml\n");
    let l = load(&[("b.yaml", &b), ("tv.yaml", tv), ("tv.rules", rules)]);
    assert_eq!(errors(&l), Vec::<String>::new());
    let model = l.model.as_ref().expect("loads");
    assert!(model.constraints.iter().any(|c| c.id == "tv.uhd_cinema"));
    let symbols = tailor::front::symbols::Symbols::of(model, &l.sources);
    let uhd = model.feature_by_path("tv.package.uhd").expect("feature");
    let in_rules: Vec<String> = symbols
        .references(tailor::model::Target::Feat(uhd))
        .iter()
        .map(|s| {
            let f = l.sources.file(s.file);
            format!("{} {}", f.name, &f.text[s.start..s.end])
        })
        .collect();
    assert!(
        in_rules.iter().any(|r| r == "tv.rules uhd"),
        "references of tv.package.uhd: {in_rules:?}"
    );
}
