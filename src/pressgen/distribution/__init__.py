"""Distribution of a release to media lists: one personal email per journalist, resumable, never duplicated; what comes back."""

from .. import lazy_exports

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Request": "send",
        "prepare": "send",
        "deliver": "send",
        "write_outbox": "send",
        "ledger_status": "send",
        "read_mailbox": "inbox",
        "Maildir": "mailboxes",
        "Mbox": "mailboxes",
        "Imap": "mailboxes",
    },
)
