"""Type stubs for `despin` (the native module `despin._despin`, re-exported)."""

import os
from typing import Any, Dict, Iterable, List, Literal, Optional, Tuple, TypedDict, Union

__version__: str
ACCEPT_THRESHOLD: float
DEFAULT_FUZZY_SIMILARITY: float
DEFAULT_PASSAGE_ACCEPTANCE: float
DEFAULT_SPUN_THRESHOLD: float

StrPath = Union[str, "os.PathLike[str]"]

class Finding(TypedDict):
    """One finding of a `Record` (fields in the `despin --json` order, plus char offsets)."""

    candidates: List[str]
    char_end: int
    char_start: int
    confidence: float
    end: int
    family: str
    in_quote: bool
    original: str
    start: int
    text: str
    tier: str

class Section(TypedDict):
    """A scored section of a long text, worst first."""

    char_end: int
    char_start: int
    end: int
    score: float
    start: int
    words: int

class Record(TypedDict):
    """One analysed text: the fields of one `despin --json` object."""

    findings: List[Finding]
    id: Any
    reconstructed: str
    score: float
    sections: List[Section]
    spun: bool
    unaccepted: List[Finding]
    words: int

class Span(TypedDict):
    """Where a fingerprint fired: byte and code-point offsets."""

    char_end: int
    char_start: int
    end: int
    start: int

class Fingerprint(TypedDict):
    """A fingerprint that fired in a paper."""

    best_tier: str
    confidence: float
    expected: str
    fingerprint: str
    phrases: List[str]
    spans: List[Span]

class ListIdDict(TypedDict):
    """`ListId.to_dict()`."""

    entries: int
    format: str
    sha256: str
    source_name: str
    version: Optional[str]

class PaperScreen(TypedDict):
    """`Detector.screen_paper`'s result."""

    distinct: int
    findings: int
    fingerprints: List[Fingerprint]
    lists: List[ListIdDict]
    per_1000_words: float
    verdict: str
    words: int

class SkippedRowDict(TypedDict):
    """`SkippedRow.to_dict()`."""

    fingerprint: str
    kind: str
    line: int
    reason: str

class PpsReportDict(TypedDict):
    """`PpsReport.to_dict()`."""

    id: ListIdDict
    loaded_rows: int
    merged_duplicates: int
    flag_only: int
    rows: int
    skipped: List[SkippedRowDict]

class DespinError(ValueError):
    """A lexicon, fingerprint list or detector setting could not be used; the message
    names the file and line of a bad row."""

    path: Optional[str]
    line: Optional[int]
    column: Optional[int]

class ListId:
    """Which list produced a result: path, format, SHA-256, version, entries."""

    @property
    def source_name(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def version(self) -> Optional[str]: ...
    @property
    def entries(self) -> int: ...
    def to_dict(self) -> ListIdDict: ...

class SkippedRow:
    """A row of a list that was not loaded: its line and why."""

    @property
    def line(self) -> int: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def reason(self) -> str: ...
    def to_dict(self) -> SkippedRowDict: ...

class PpsReport:
    """What loading a list did."""

    @property
    def id(self) -> ListId: ...
    @property
    def sha256(self) -> str: ...
    @property
    def rows(self) -> int: ...
    @property
    def loaded_rows(self) -> int: ...
    @property
    def skipped(self) -> List[SkippedRow]: ...
    @property
    def merged_duplicates(self) -> int: ...
    @property
    def flag_only(self) -> int: ...
    def skipped_by_reason(self) -> List[Tuple[str, int]]: ...
    def to_dict(self) -> PpsReportDict: ...

class PpsList:
    """A Problematic Paper Screener tortured-phrase list (your own copy)."""

    @staticmethod
    def load(path: StrPath) -> PpsList: ...
    @property
    def report(self) -> PpsReport: ...
    @property
    def id(self) -> ListId: ...
    @property
    def sha256(self) -> str: ...
    @property
    def path(self) -> str: ...
    def __len__(self) -> int: ...

class Detector:
    """A compiled lexicon plus settings; build once, share across threads."""

    def __init__(
        self,
        lexicons: Union[None, StrPath, PpsList, Iterable[Union[StrPath, PpsList]]] = None,
        builtin: bool = True,
        fuzzy: Union[None, bool, float] = False,
        stemming: bool = True,
        spintax: bool = True,
        spun_threshold: float = 0.5,
        passage_acceptance: Optional[float] = 0.7,
        context: bool = True,
        rewrite_scope: Literal["everywhere", "confident", "spun"] = "confident",
    ) -> None: ...
    def analyze(self, text: str, id: Any = None) -> Record: ...
    def analyze_batch(
        self, texts: Iterable[str], ids: Optional[Iterable[Any]] = None, threads: Optional[int] = None
    ) -> List[Record]: ...
    def analyze_json(self, text: str, id: Any = None) -> str: ...
    def analyze_batch_json(
        self, texts: Iterable[str], ids: Optional[Iterable[Any]] = None, threads: Optional[int] = None
    ) -> List[str]: ...
    def reconstruct(self, text: str) -> str: ...
    def screen_paper(self, text: str) -> PaperScreen: ...
    @property
    def lists(self) -> List[ListId]: ...
    @property
    def lexicons(self) -> List[str]: ...
    @property
    def builtin(self) -> bool: ...
    @property
    def fuzzy(self) -> Optional[float]: ...
    def settings(self) -> Dict[str, Any]: ...

def analyze(text: str, id: Any = None) -> Record:
    """One `despin --json` object for `text` (built-in lexicon), plus char offsets."""

def analyze_batch(
    texts: Iterable[str], ids: Optional[Iterable[Any]] = None, threads: Optional[int] = None
) -> List[Record]:
    """`analyze` for many texts on all cores, without the GIL."""

def analyze_json(text: str, id: Any = None) -> str:
    """The `despin --jsonl` line for `text`."""

def reconstruct(text: str) -> str:
    """The likely original of `text`."""
