//! English inflection: recognise `coached` as a form of `coaching` and re-inflect the
//! original to match (`training` -> `trained`).
//!
//! Only the transitions that keep the part of speech are allowed, because a wrong one is a
//! visible corruption: base <-> `-s` (plural or third person: `assertion` -> `assertions`,
//! `say` -> `says`) and `-ed` <-> `-ing` (`coaching` -> `coached`, `mentioned` ->
//! `mentioning`). A base form never becomes `-ed`: `power` is a noun far more often than a
//! verb, and `energied` would be worse than no rewrite. Irregular forms come from a small
//! table written for the verbs and nouns that appear as originals in news text.

/// An inflectional form of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Form {
    /// Uninflected: `coach`, `statement`.
    Base,
    /// Plural or third person singular: `coaches`, `statements`.
    S,
    /// Past tense / participle: `coached`, `said`.
    Ed,
    /// Present participle / gerund: `coaching`.
    Ing,
}

/// Irregular verbs: (base, past). Facts of English, written for this crate.
const IRREGULAR_PAST: &[(&str, &str)] = &[
    ("arise", "arose"),
    ("be", "was"),
    ("bear", "bore"),
    ("beat", "beat"),
    ("become", "became"),
    ("begin", "began"),
    ("bend", "bent"),
    ("bet", "bet"),
    ("bind", "bound"),
    ("bite", "bit"),
    ("bleed", "bled"),
    ("blow", "blew"),
    ("break", "broke"),
    ("breed", "bred"),
    ("bring", "brought"),
    ("build", "built"),
    ("burst", "burst"),
    ("buy", "bought"),
    ("cast", "cast"),
    ("catch", "caught"),
    ("choose", "chose"),
    ("cling", "clung"),
    ("come", "came"),
    ("cost", "cost"),
    ("creep", "crept"),
    ("cut", "cut"),
    ("deal", "dealt"),
    ("dig", "dug"),
    ("do", "did"),
    ("draw", "drew"),
    ("drink", "drank"),
    ("drive", "drove"),
    ("eat", "ate"),
    ("fall", "fell"),
    ("feed", "fed"),
    ("feel", "felt"),
    ("fight", "fought"),
    ("find", "found"),
    ("flee", "fled"),
    ("fly", "flew"),
    ("forbid", "forbade"),
    ("forget", "forgot"),
    ("forgive", "forgave"),
    ("freeze", "froze"),
    ("get", "got"),
    ("give", "gave"),
    ("go", "went"),
    ("grind", "ground"),
    ("grow", "grew"),
    ("hang", "hung"),
    ("have", "had"),
    ("hear", "heard"),
    ("hide", "hid"),
    ("hit", "hit"),
    ("hold", "held"),
    ("hurt", "hurt"),
    ("keep", "kept"),
    ("know", "knew"),
    ("lay", "laid"),
    ("lead", "led"),
    ("leave", "left"),
    ("lend", "lent"),
    ("let", "let"),
    ("lie", "lay"),
    ("light", "lit"),
    ("lose", "lost"),
    ("make", "made"),
    ("mean", "meant"),
    ("meet", "met"),
    ("mislead", "misled"),
    ("overcome", "overcame"),
    ("pay", "paid"),
    ("put", "put"),
    ("quit", "quit"),
    ("read", "read"),
    ("ride", "rode"),
    ("ring", "rang"),
    ("rise", "rose"),
    ("run", "ran"),
    ("say", "said"),
    ("see", "saw"),
    ("seek", "sought"),
    ("sell", "sold"),
    ("send", "sent"),
    ("set", "set"),
    ("shake", "shook"),
    ("shed", "shed"),
    ("shine", "shone"),
    ("shoot", "shot"),
    ("show", "showed"),
    ("shrink", "shrank"),
    ("shut", "shut"),
    ("sing", "sang"),
    ("sink", "sank"),
    ("sit", "sat"),
    ("sleep", "slept"),
    ("slide", "slid"),
    ("speak", "spoke"),
    ("spend", "spent"),
    ("spin", "spun"),
    ("split", "split"),
    ("spread", "spread"),
    ("stand", "stood"),
    ("steal", "stole"),
    ("stick", "stuck"),
    ("sting", "stung"),
    ("strike", "struck"),
    ("strive", "strove"),
    ("swear", "swore"),
    ("sweep", "swept"),
    ("swim", "swam"),
    ("swing", "swung"),
    ("take", "took"),
    ("teach", "taught"),
    ("tear", "tore"),
    ("tell", "told"),
    ("think", "thought"),
    ("throw", "threw"),
    ("undergo", "underwent"),
    ("understand", "understood"),
    ("undertake", "undertook"),
    ("upset", "upset"),
    ("wake", "woke"),
    ("wear", "wore"),
    ("win", "won"),
    ("withdraw", "withdrew"),
    ("write", "wrote"),
];

/// Irregular nouns: (singular, plural).
const IRREGULAR_PLURAL: &[(&str, &str)] = &[
    ("analysis", "analyses"),
    ("child", "children"),
    ("crisis", "crises"),
    ("criterion", "criteria"),
    ("foot", "feet"),
    ("half", "halves"),
    ("knife", "knives"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("man", "men"),
    ("medium", "media"),
    ("mouse", "mice"),
    ("person", "people"),
    ("phenomenon", "phenomena"),
    ("shelf", "shelves"),
    ("thesis", "theses"),
    ("thief", "thieves"),
    ("tooth", "teeth"),
    ("wife", "wives"),
    ("woman", "women"),
];

/// Irregular third person forms (the rest add `-s`/`-es`).
const IRREGULAR_S: &[(&str, &str)] = &[
    ("be", "is"),
    ("have", "has"),
    ("do", "does"),
    ("go", "goes"),
];

/// Plural endings that are read as a Greek `-sis` noun before any other reading
/// (`analyses`, `paralyses`, `hypotheses`, `syntheses`, `diagnoses`, `prognoses`,
/// `psychoses`); other `-ses` words are read as plurals of `-se` words first.
const GREEK_SES: &[&str] = &["lyses", "theses", "gnoses", "choses"];

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Does a regular suffix double the final consonant (`stop` -> `stopped`)? Only for
/// one-syllable consonant-vowel-consonant words, which is right far more often than not.
fn doubles_final_consonant(base: &str) -> bool {
    let b = base.as_bytes();
    let n = b.len();
    if n < 3 || !base.is_ascii() {
        return false;
    }
    let (c1, v, c2) = (b[n - 3], b[n - 2], b[n - 1]);
    let vowel_groups = b
        .iter()
        .enumerate()
        .filter(|&(i, &c)| is_vowel(c) && (i == 0 || !is_vowel(b[i - 1])))
        .count();
    vowel_groups == 1
        && !is_vowel(c1)
        && is_vowel(v)
        && !is_vowel(c2)
        && c2.is_ascii_alphabetic()
        && !matches!(c2, b'w' | b'x' | b'y')
}

fn ends_consonant_y(base: &str) -> bool {
    let b = base.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2])
}

/// The `form` of a lowercase `base`.
pub(crate) fn make(base: &str, form: Form) -> String {
    let mut out = String::new();
    make_into(base, form, &mut out);
    out
}

/// [`make`] into `out` (cleared first): [`analyses`] tries a dozen readings of each word,
/// and building each in one reused buffer spares an allocation per try.
fn make_into(base: &str, form: Form, out: &mut String) {
    out.clear();
    match form {
        Form::Base => out.push_str(base),
        Form::S => {
            if let Some(&(_, p)) = IRREGULAR_PLURAL
                .iter()
                .chain(IRREGULAR_S)
                .find(|(b, _)| *b == base)
            {
                out.push_str(p);
            } else if ends_consonant_y(base) {
                out.push_str(&base[..base.len() - 1]);
                out.push_str("ies");
            } else if let Some(stem) = base.strip_suffix("sis").filter(|s| !s.is_empty()) {
                // Greek `-sis` nouns: `diagnosis` -> `diagnoses`, `hypothesis` -> `hypotheses`.
                out.push_str(stem);
                out.push_str("ses");
            } else if ["s", "x", "z", "ch", "sh"]
                .iter()
                .any(|s| base.ends_with(s))
            {
                out.push_str(base);
                out.push_str("es");
            } else {
                out.push_str(base);
                out.push('s');
            }
        }
        Form::Ed => {
            if let Some(&(_, p)) = IRREGULAR_PAST.iter().find(|(b, _)| *b == base) {
                out.push_str(p);
            } else if base.ends_with('e') {
                out.push_str(base);
                out.push('d');
            } else if ends_consonant_y(base) {
                out.push_str(&base[..base.len() - 1]);
                out.push_str("ied");
            } else if doubles_final_consonant(base) {
                out.push_str(base);
                out.push_str(&base[base.len() - 1..]);
                out.push_str("ed");
            } else {
                out.push_str(base);
                out.push_str("ed");
            }
        }
        Form::Ing => {
            if let Some(stem) = base.strip_suffix("ie") {
                out.push_str(stem);
                out.push_str("ying");
            } else if base.ends_with('e')
                && !["ee", "ye", "oe"].iter().any(|s| base.ends_with(s))
                && base.len() > 2
            {
                out.push_str(&base[..base.len() - 1]);
                out.push_str("ing");
            } else if doubles_final_consonant(base) {
                out.push_str(base);
                out.push_str(&base[base.len() - 1..]);
                out.push_str("ing");
            } else {
                out.push_str(base);
                out.push_str("ing");
            }
        }
    }
}

/// `stem` followed by `end`, spelled out in `buf`.
fn spelled<'a>(buf: &'a mut String, stem: &str, end: &str) -> &'a str {
    buf.clear();
    buf.push_str(stem);
    buf.push_str(end);
    buf
}

/// Every (base, form) reading of a lowercase word that [`make`] would reproduce.
pub(crate) fn analyses(word: &str) -> Vec<(String, Form)> {
    let mut out = vec![(word.to_owned(), Form::Base)];
    // Each try is made in `made` and each spelled-out base in `base`, two buffers for
    // the whole analysis (allocated when first used; most words try few readings): a
    // lexicon build analyses tens of thousands of words.
    let mut made = String::new();
    let mut base = String::new();
    let mut consider = |base: &str, form: Form| {
        if base.is_empty() {
            return;
        }
        make_into(base, form, &mut made);
        if made == word && !out.iter().any(|(b, f)| b == base && *f == form) {
            out.push((base.to_owned(), form));
        }
    };
    for &(b, p) in IRREGULAR_PAST {
        if p == word {
            consider(b, Form::Ed);
        }
    }
    for &(b, p) in IRREGULAR_PLURAL.iter().chain(IRREGULAR_S) {
        if p == word {
            consider(b, Form::S);
        }
    }
    // The order matters where readings compete: `reinflect` reads an original in the
    // first reading of the needed form. Greek `-sis` plurals with a telling ending first
    // (`diagnoses` is `diagnosis`, not `diagnose`); then `-es` after a sibilant
    // (`classes`, `boxes`, `coaches`) or after `-ias`, `-rus`, `-tus` (`biases`, `viruses`,
    // `statuses`); then plain `-s`, which makes `diseases`, `causes`, `kinases` and `uses`
    // plurals of `-se` words (far more common in the lists than other `-s` words such as
    // `bus`); the other `-es` and `-sis` readings last, so that matching still sees them.
    if let Some(stem) = word.strip_suffix("ses") {
        if GREEK_SES.iter().any(|e| word.ends_with(e)) {
            consider(spelled(&mut base, stem, "sis"), Form::S);
        }
    }
    if let Some(stem) = word.strip_suffix("ies") {
        consider(spelled(&mut base, stem, "y"), Form::S);
    }
    if let Some(stem) = word.strip_suffix("es") {
        if !stem.ends_with('s')
            || ["ss", "ias", "rus", "tus"]
                .iter()
                .any(|e| stem.ends_with(e))
        {
            consider(stem, Form::S);
        }
    }
    // A `-sis` word is a singular noun, never the plural of a `-si` word (`analysis`).
    if let Some(stem) = word.strip_suffix('s').filter(|_| !word.ends_with("sis")) {
        consider(stem, Form::S);
    }
    if let Some(stem) = word.strip_suffix("es") {
        consider(stem, Form::S);
    }
    if let Some(stem) = word.strip_suffix("ses") {
        consider(spelled(&mut base, stem, "sis"), Form::S);
    }
    if let Some(stem) = word.strip_suffix("ied") {
        consider(spelled(&mut base, stem, "y"), Form::Ed);
    }
    if let Some(stem) = word.strip_suffix("ed") {
        consider(stem, Form::Ed);
        consider(spelled(&mut base, stem, "e"), Form::Ed);
        // The undoubled stem (`stopp` -> `stop`); only when the last char is one byte
        // (a non-ASCII last letter made this slice panic: found by fuzzing).
        if stem.len() > 2 && stem.is_char_boundary(stem.len() - 1) {
            consider(&stem[..stem.len() - 1], Form::Ed);
        }
    }
    if let Some(stem) = word.strip_suffix("ying") {
        consider(spelled(&mut base, stem, "ie"), Form::Ing);
    }
    if let Some(stem) = word.strip_suffix("ing") {
        consider(stem, Form::Ing);
        consider(spelled(&mut base, stem, "e"), Form::Ing);
        // The undoubled stem (`stopp` -> `stop`); only when the last char is one byte
        // (a non-ASCII last letter made this slice panic: found by fuzzing).
        if stem.len() > 2 && stem.is_char_boundary(stem.len() - 1) {
            consider(&stem[..stem.len() - 1], Form::Ing);
        }
    }
    out
}

fn allowed(from: Form, to: Form) -> bool {
    matches!(
        (from, to),
        (Form::Base, Form::S)
            | (Form::S, Form::Base)
            | (Form::Ed, Form::Ing)
            | (Form::Ing, Form::Ed)
    )
}

/// If lowercase `token` is another inflection of lowercase `entry_word`, return the same
/// change applied to `original_word` (`coaching`, `coached`, `training` -> `trained`).
///
/// Returns `None` when the token is not a regular or known irregular form of the entry
/// word, when the change would cross parts of speech, or when the original cannot be
/// read in the entry word's form (then re-inflecting it would be a guess).
///
/// The index applies this rule in its two steps, [`transition`] once per (entry word,
/// token) and [`reinflect_as`] once per original, so only the tests call it whole.
#[cfg(test)]
pub(crate) fn reinflect(entry_word: &str, token: &str, original_word: &str) -> Option<String> {
    // An unknown original (a flag-only entry) stays unknown in every inflection.
    if entry_word == token || original_word.is_empty() {
        return Some(original_word.to_owned());
    }
    let (from, to) = transition(&analyses(entry_word), token)?;
    reinflect_as(original_word, from, to)
}

/// The change of form that takes a lowercase entry word, read as `entry_readings` (its
/// [`analyses`]), to lowercase `token`: the forms of the first reading of each (entry
/// readings outer, token readings inner, in [`analyses`] order) that share a base and
/// make an allowed change. `None` when there is no such pair.
///
/// The first step of `reinflect`, apart so that the index, which re-inflects many
/// originals to the same (entry word, token), analyses those two words once rather than
/// per original.
pub(crate) fn transition(entry_readings: &[(String, Form)], token: &str) -> Option<(Form, Form)> {
    let token_readings = analyses(token);
    for (entry_base, entry_form) in entry_readings {
        for (token_base, token_form) in &token_readings {
            if entry_base == token_base && allowed(*entry_form, *token_form) {
                return Some((*entry_form, *token_form));
            }
        }
    }
    None
}

/// Lowercase `original_word` read in form `from` (its first such reading) and made in
/// form `to`; `None` when it has no reading in `from` (re-inflecting it would be a guess).
/// `reinflect` is [`transition`] followed by this.
pub(crate) fn reinflect_as(original_word: &str, from: Form, to: Form) -> Option<String> {
    // The first reading [`analyses`] gives is always the word itself as a base form.
    if from == Form::Base {
        return Some(make(original_word, to));
    }
    let original_base = analyses(original_word)
        .into_iter()
        .find(|(_, f)| *f == from)
        .map(|(b, _)| b)?;
    Some(make(&original_base, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_regular_and_irregular_forms() {
        let cases = [
            ("statement", Form::S, "statements"),
            ("country", Form::S, "countries"),
            ("coach", Form::S, "coaches"),
            ("person", Form::S, "people"),
            ("train", Form::Ed, "trained"),
            ("say", Form::Ed, "said"),
            ("use", Form::Ed, "used"),
            ("stop", Form::Ed, "stopped"),
            ("try", Form::Ed, "tried"),
            ("visit", Form::Ed, "visited"),
            ("make", Form::Ing, "making"),
            ("die", Form::Ing, "dying"),
            ("stop", Form::Ing, "stopping"),
            ("see", Form::Ing, "seeing"),
            ("diagnosis", Form::S, "diagnoses"),
            ("hypothesis", Form::S, "hypotheses"),
            ("synthesis", Form::S, "syntheses"),
            ("analysis", Form::S, "analyses"),
            ("bus", Form::S, "buses"),
            ("sis", Form::S, "sises"),
            ("class", Form::S, "classes"),
        ];
        for (base, form, expected) in cases {
            assert_eq!(make(base, form), expected, "{base} {form:?}");
        }
    }

    #[test]
    fn reinflecting_from_the_base_form_reads_the_word_as_its_own_base() {
        let words = [
            "statement",
            "say",
            "analysis",
            "bus",
            "coaches",
            "stopped",
            "tried",
            "die",
            "",
        ];
        for word in words {
            for to in [Form::Base, Form::S, Form::Ed, Form::Ing] {
                let by_analyses = analyses(word)
                    .into_iter()
                    .find(|(_, f)| *f == Form::Base)
                    .map(|(base, _)| make(&base, to));
                assert_eq!(
                    reinflect_as(word, Form::Base, to),
                    by_analyses,
                    "{word} {to:?}"
                );
            }
        }
    }

    #[test]
    fn reinflects_within_part_of_speech() {
        let cases = [
            ("coaching", "coached", "training", Some("trained")),
            ("mentioned", "mentioning", "said", Some("saying")),
            ("assertion", "assertions", "statement", Some("statements")),
            ("requested", "requesting", "asked", Some("asking")),
            ("locations", "location", "countries", Some("country")),
            ("mention", "mentions", "say", Some("says")),
            // `-sis` nouns, both ways, and the `-se` verbs they look like.
            ("conclusion", "conclusions", "diagnosis", Some("diagnoses")),
            ("conclusions", "conclusion", "diagnoses", Some("diagnosis")),
            ("theories", "theory", "hypotheses", Some("hypothesis")),
            ("uses", "use", "diagnoses", Some("diagnosis")),
            ("examine", "examines", "diagnose", Some("diagnoses")),
            ("proposes", "propose", "uses", Some("use")),
            ("effects", "effect", "causes", Some("cause")),
            ("illnesses", "illness", "diseases", Some("disease")),
            ("groups", "group", "classes", Some("class")),
            ("trainers", "trainer", "coaches", Some("coach")),
            ("vehicles", "vehicle", "buses", Some("buse")), // `-s` nouns lose to `-se`
            ("inclinations", "inclination", "biases", Some("bias")),
            ("germs", "germ", "viruses", Some("virus")),
            ("enzymes", "enzyme", "kinases", Some("kinase")),
            // `analysis` is not the plural of `analysi`: no reading, no rewrite.
            ("examinations", "examination", "analysis", None),
            ("neurosis", "neuroses", "disorder", Some("disorders")),
            // Crossing parts of speech is refused.
            ("power", "powered", "energy", None),
            ("assertion", "asserted", "statement", None),
            ("mentioned", "mentions", "said", None),
            // Not a form of the entry at all.
            ("fee", "feel", "rate", None),
        ];
        for (entry, token, original, expected) in cases {
            assert_eq!(
                reinflect(entry, token, original).as_deref(),
                expected,
                "{entry} {token} {original}"
            );
        }
    }
}
