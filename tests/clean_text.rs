//! Normal English that uses the spinner's favourite words in their own senses must stay
//! clean with the built-in lexicon: not rewritten, not called spun. Sentences written for
//! this project.

use despin::Detector;

const CLEAN: &[&str] = &[
    "As mentioned in the previous chapter, the results held up under review.",
    "The storm knocked out power to 40,000 homes, and crews worked through the night to restore it.",
    "Nuclear power plants supply about a fifth of the country's electricity.",
    "The library charges a late fee of ten cents a day for overdue books.",
    "Tuition fees rose again this year, and students protested outside the hall.",
    "The probe carried a spherical tank of helium to pressurise its fuel lines.",
    "Spherical nanoparticles of gold were suspended in the solution.",
    "Philosophers disagree about the norms of assertion and what a speaker owes a listener.",
    "The court rejected the assertion that the contract had been signed under duress.",
    "She mentioned that the bus would be late, then left for work.",
    "Parks and recreation staff will open the new pool in June.",
    "The law firm hired three extra associates for the merger.",
    "Authorities said the bridge would stay closed while engineers inspected it.",
    "Each individual on the team signed the letter.",
    "The store dressed a mannequin in the new season's coat.",
    "\"The power is back,\" the mayor said, \"and the fee waiver stays.\"",
    "This particular aspect of the design was the hardest to get right.",
];

#[test]
fn ordinary_uses_are_not_rewritten_or_called_spun() {
    let detector = Detector::builtin();
    for text in CLEAN {
        let report = detector.analyze(text);
        let accepted: Vec<_> = report.findings.iter().filter(|f| f.accepted).collect();
        assert!(accepted.is_empty(), "{text:?}: accepted {accepted:?}");
        assert!(
            !report.score.spun,
            "{text:?}: called spun at {}",
            report.score.score
        );
        assert_eq!(detector.reconstruct(text).text, *text);
    }
}

#[test]
fn ordinary_paragraph_stays_clean() {
    let paragraph = CLEAN.join(" ");
    let report = Detector::builtin().analyze(&paragraph);
    let accepted: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.accepted)
        .map(|f| &f.text)
        .collect();
    assert!(
        accepted.len() <= 1,
        "a long ordinary paragraph should not accumulate accepted findings: {accepted:?}"
    );
    assert!(!report.score.spun, "score {}", report.score.score);
}

/// Braces as markup: LaTeX arguments, and a glossary that marks cross-references with
/// braces the way the plain-text Jargon File does. None of it is a spinner's leftover.
#[test]
fn braces_used_as_markup_are_not_spintax() {
    let detector = Detector::builtin();
    let texts = [
        r"We write \emph{local} for the \textbf{neighbour} set \mathcal{N}, so that x^{2} and \frac{a}{b} stay in range.",
        "kludge: n. A clumsy fix that works, for now. See {hack}, {crock} and {bletcherous}; \
         compare {elegant}. Most {kludges} last longer than their authors. Used of {hardware} as well \
         as of programs; see also {feature} and {bug}.",
    ];
    for text in texts {
        let report = detector.analyze(text);
        assert!(!report.score.spun, "{text}: {}", report.score.score);
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.tier != despin::Tier::Spintax),
            "{text}"
        );
        assert_eq!(detector.reconstruct(text).text, text);
    }
    // One or two leftovers in spun prose still count.
    let spun = "A work of {hardware}, most cancers wards in international locations.";
    assert!(detector
        .find(spun)
        .iter()
        .any(|f| f.tier == despin::Tier::Spintax && f.accepted));
}
