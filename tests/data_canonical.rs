//! Keeps the shipped lexicon files canonical: every row valid, sorted, unique, four fields
//! (five when the row has context words, which are keys: lower case, single spaces).

use despin::Lexicon;
use std::path::Path;

const DATA_FILES: &[&str] = &[
    "data/news-spinner-learned.tsv",
    "data/news-spinner-names-learned.tsv",
    "data/news-spinner-seed.tsv",
    "data/news-spinner-names-seed.tsv",
];

#[test]
fn shipped_lexicon_files_are_canonical() {
    for name in DATA_FILES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Every row parses (the loader validates sides, identity, family and weight).
        Lexicon::from_tsv_str(&text, name).unwrap_or_else(|e| panic!("{e}"));
        let mut previous: Option<(String, String)> = None;
        for (i, line) in text.lines().enumerate() {
            let at = format!("{name}:{}", i + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(
                fields.len() == 4 || fields.len() == 5,
                "{at}: want spun, original, family, weight[, context]"
            );
            if let Some(context) = fields.get(4) {
                assert!(!context.is_empty(), "{at}: empty context field");
                for word in context.split(' ') {
                    assert_eq!(despin::word_keys(word), [word], "{at}: context not a key");
                }
            }
            for f in &fields {
                assert_eq!(f.trim(), *f, "{at}: stray spaces");
                assert!(!f.contains("  "), "{at}: double space");
            }
            let weight: f32 = fields[3].parse().unwrap();
            assert!(
                (0.3..=1.0).contains(&weight),
                "{at}: shipped weights are in [0.3, 1]"
            );
            let key = (fields[0].to_owned(), fields[1].to_owned());
            if let Some(prev) = &previous {
                assert!(
                    prev < &key,
                    "{at}: rows must be sorted by (spun, original) and unique"
                );
            }
            previous = Some(key);
        }
    }
}

#[test]
fn builtin_lexicon_loads_every_shipped_row() {
    let rows: usize = DATA_FILES
        .iter()
        .map(|name| {
            let text =
                std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap();
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .count()
        })
        .sum();
    assert_eq!(Lexicon::builtin().len(), rows);
}
