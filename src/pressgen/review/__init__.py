"""What reviewers use: the proofreader, redlines, sign-off and the gate that every way out of pressgen passes."""

from .. import lazy_exports

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "check_release": "check",
        "Finding": "check",
        "diff_files": "diff",
        "diff_since": "diff",
        "approve": "signoff",
        "final_problems": "gate",
        "verdict": "gate",
        "Verdict": "gate",
        "import_review": "wordimport.importer",
        "ImportResult": "wordimport.importer",
    },
)
