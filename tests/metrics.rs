//! Hand-computed checks of the evaluation metrics in `examples/common/metrics.rs`
//! (alignment, WER, gold extraction, ROC AUC, precision/recall/F1) and of the per-pair
//! measurement, damage and passage cutting that `evaluate` and `crossval` share.

#[path = "../examples/common/metrics.rs"]
mod metrics;

use metrics::{
    align, edit_distance, gold_mask, passages, roc_auc, wer, Damage, Op, PairMeasure, Prf,
    PASSAGE_WORDS,
};

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn close(x: f64, y: f64) -> bool {
    (x - y).abs() < 1e-12
}

#[test]
fn wer_of_identical_sequences_is_zero() {
    let a = words("the cat sat down");
    assert_eq!(edit_distance(&a, &a), 0);
    assert_eq!(wer(&a, &a), Some(0.0));
}

#[test]
fn one_substitution_in_four_words_is_a_quarter() {
    let hyp = words("the dog sat down");
    let reference = words("the cat sat down");
    assert_eq!(edit_distance(&hyp, &reference), 1);
    assert_eq!(wer(&hyp, &reference), Some(0.25));
}

#[test]
fn insertions_and_deletions_cost_one_each() {
    let reference = words("one two three four");
    // One inserted word: 1 / 4.
    let inserted = words("one two extra three four");
    assert_eq!(edit_distance(&inserted, &reference), 1);
    assert_eq!(wer(&inserted, &reference), Some(0.25));
    // Two deleted words: 2 / 4.
    let deleted = words("one four");
    assert_eq!(edit_distance(&deleted, &reference), 2);
    assert_eq!(wer(&deleted, &reference), Some(0.5));
    // WER can exceed 1 when the hypothesis is longer than the reference.
    let longer = words("a b c d e f g h");
    assert_eq!(wer(&longer, &words("x y")), Some(4.0));
    // Empty sides.
    let empty: Vec<&str> = Vec::new();
    assert_eq!(edit_distance(&empty, &reference), 4);
    assert_eq!(edit_distance(&reference, &empty), 4);
    assert_eq!(wer(&empty, &empty), Some(0.0));
    assert_eq!(wer(&reference, &empty), None);
}

#[test]
fn distance_is_symmetric_and_matches_the_alignment() {
    let pairs = [
        ("kitten sat on the mat", "a kitten sits on mat"),
        ("x a", "a y"),
        ("", "p q r"),
        ("same same same", "same"),
    ];
    for (l, r) in pairs {
        let (a, b) = (words(l), words(r));
        let d = edit_distance(&a, &b);
        assert_eq!(d, edit_distance(&b, &a), "{l:?} / {r:?}");
        let ops = align(&a, &b);
        assert_eq!(
            ops.iter().filter(|o| o.is_edit()).count(),
            d,
            "{l:?} / {r:?}"
        );
    }
    assert_eq!(
        edit_distance(
            &words("kitten sat on the mat"),
            &words("a kitten sits on mat")
        ),
        3
    );
}

#[test]
fn alignment_steps_in_order() {
    let spun = words("the big dog ran very fast");
    let original = words("the large dog ran fast");
    assert_eq!(
        align(&spun, &original),
        vec![
            Op::Match { a: 0, b: 0 },
            Op::Substitute { a: 1, b: 1 },
            Op::Match { a: 2, b: 2 },
            Op::Match { a: 3, b: 3 },
            Op::Insert { a: 4 },
            Op::Match { a: 5, b: 4 },
        ]
    );
}

#[test]
fn alignment_prefers_keeping_shared_words_on_ties() {
    // Two substitutions and an insertion+deletion both cost 2; the shared word "a"
    // must stay matched.
    let ops = align(&words("x a"), &words("a y"));
    assert_eq!(
        ops,
        vec![
            Op::Insert { a: 0 },
            Op::Match { a: 1, b: 0 },
            Op::Delete { b: 1 },
        ]
    );
    assert_eq!(gold_mask(&words("x a"), &words("a y")), vec![true, false]);
}

#[test]
fn gold_marks_substituted_and_inserted_spun_words() {
    // A made-up spun sentence: one-word swap, a one-to-three phrase swap, a dropped
    // word and an added word.
    let original = words("the company said it will process orders quickly today");
    let spun = words("the firm mentioned it will course of action orders very quickly");
    //               the firm mentioned it   will course of   action orders very  quickly
    let expected = vec![
        false, true, true, false, false, true, true, true, false, true, false,
    ];
    assert_eq!(gold_mask(&spun, &original), expected);
    // firm, mentioned, process->course + of + action (1 sub, 2 ins), very, today deleted.
    assert_eq!(edit_distance(&spun, &original), 7);
    // Identical texts have no gold words.
    assert!(gold_mask(&original, &original).iter().all(|g| !g));
}

#[test]
fn auc_of_perfectly_separated_scores_is_one() {
    assert_eq!(roc_auc(&[0.9, 0.8, 0.7], &[0.1, 0.2]), Some(1.0));
    // And zero when the order is reversed.
    assert_eq!(roc_auc(&[0.1, 0.2], &[0.9, 0.8, 0.7]), Some(0.0));
}

#[test]
fn auc_of_all_ties_is_one_half() {
    assert_eq!(roc_auc(&[0.3, 0.3, 0.3], &[0.3, 0.3]), Some(0.5));
    assert_eq!(roc_auc(&[0.0], &[0.0, 0.0, 0.0]), Some(0.5));
}

#[test]
fn auc_counts_partial_ties_half() {
    // Pairs (pos, neg): (0.8,0.5) win, (0.8,0.2) win, (0.5,0.5) tie, (0.5,0.2) win
    // -> (3 + 0.5) / 4.
    let auc = roc_auc(&[0.8, 0.5], &[0.5, 0.2]).unwrap();
    assert!(close(auc, 0.875), "{auc}");
    // Pairs: (0.4,0.6) loss, (0.4,0.1) win, (0.7,0.6) win, (0.7,0.1) win,
    // (0.6,0.6) tie, (0.6,0.1) win -> 4.5 / 6.
    let auc = roc_auc(&[0.4, 0.7, 0.6], &[0.6, 0.1]).unwrap();
    assert!(close(auc, 0.75), "{auc}");
}

#[test]
fn auc_is_undefined_without_both_classes() {
    assert_eq!(roc_auc(&[], &[0.5]), None);
    assert_eq!(roc_auc(&[0.5], &[]), None);
    assert_eq!(roc_auc(&[f64::NAN], &[0.5]), None);
}

#[test]
fn precision_recall_f1_count_words() {
    let flagged = [true, true, false, true, false];
    let gold = [true, false, false, true, true];
    let prf = Prf::from_masks(&flagged, &gold);
    assert_eq!(
        prf,
        Prf {
            true_positives: 2,
            flagged: 3,
            gold: 3
        }
    );
    assert!(close(prf.precision().unwrap(), 2.0 / 3.0));
    assert!(close(prf.recall().unwrap(), 2.0 / 3.0));
    assert!(close(prf.f1().unwrap(), 2.0 / 3.0));

    // Micro-averaging adds counts, not ratios.
    let mut total = prf;
    total.add(Prf {
        true_positives: 0,
        flagged: 1,
        gold: 5,
    });
    assert!(close(total.precision().unwrap(), 0.5));
    assert!(close(total.recall().unwrap(), 0.25));
    assert!(close(total.f1().unwrap(), 2.0 * 0.5 * 0.25 / 0.75));

    let nothing = Prf::default();
    assert_eq!(nothing.precision(), None);
    assert_eq!(nothing.f1(), None);
    let missed_all = Prf {
        true_positives: 0,
        flagged: 2,
        gold: 2,
    };
    assert_eq!(missed_all.f1(), Some(0.0));
    let flagged_nothing = Prf {
        true_positives: 0,
        flagged: 0,
        gold: 3,
    };
    assert_eq!(flagged_nothing.precision(), None);
    assert_eq!(flagged_nothing.recall(), Some(0.0));
    assert_eq!(flagged_nothing.f1(), Some(0.0));
}

#[test]
fn pair_measure_counts_flagged_gold_and_edits() {
    let detector = despin::Detector::builtin();
    let spun = "The minister mentioned the 3rd spherical of talks would start final yr.";
    let original = "The minister said the third round of talks would start last year.";
    let m = PairMeasure::of(detector, spun, original);
    assert_eq!(m.spun_keys.len(), 12);
    assert_eq!(m.spun_keys, despin::word_keys(spun));
    assert_eq!(m.tokens.len(), m.spun_keys.len());
    // mentioned, 3rd, spherical, final, yr differ from the original.
    let gold: Vec<&str> = (0..m.gold.len())
        .filter(|&i| m.gold[i])
        .map(|i| m.spun_keys[i].as_str())
        .collect();
    assert_eq!(gold, ["mentioned", "3rd", "spherical", "final", "yr"]);
    assert_eq!(m.spun_edits, 5);
    assert_eq!(m.prf, Prf::from_masks(&m.flagged, &m.gold));
    // The built-in lexicon rewrites all but `3rd` (see the crate docs).
    assert_eq!(m.reconstructed_edits, 1);
    assert_eq!(m.prf.true_positives, 4);
}

#[test]
fn damage_counts_changed_words_of_clean_text() {
    let detector = despin::Detector::builtin();
    let clean = "The committee met on Tuesday and agreed the budget.";
    let d = Damage::of(clean, &detector.reconstruct(clean));
    assert_eq!(
        d,
        Damage {
            changed: 0,
            words: 9
        }
    );
    // Reconstructing a spun text changes mentioned, spherical, final and yr.
    let spun = "The minister mentioned the 3rd spherical of talks would start final yr.";
    let mut total = d;
    total.add(Damage::of(spun, &detector.reconstruct(spun)));
    assert_eq!(
        total,
        Damage {
            changed: 4,
            words: 21
        }
    );
    assert!(close(total.rate().unwrap(), 4.0 / 21.0));
    assert_eq!(Damage::default().rate(), None);
}

#[test]
fn passages_are_cut_by_words() {
    let text: String = (0..PASSAGE_WORDS * 2 + 150)
        .map(|i| format!("w{i}\n"))
        .collect();
    let cut = passages(&text);
    assert_eq!(cut.len(), 3);
    assert!(cut[..2]
        .iter()
        .all(|p| p.split(' ').count() == PASSAGE_WORDS));
    assert!(cut[1].starts_with(&format!("w{PASSAGE_WORDS} ")));
    // A last piece under a third of a passage is dropped.
    let short: String = (0..PASSAGE_WORDS + 10).map(|i| format!("w{i} ")).collect();
    assert_eq!(passages(&short).len(), 1);
}
