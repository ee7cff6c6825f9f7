"""The exception family. "Not in the paper" is not an error: it is an Answer that abstains."""


class AssistantError(Exception):
    """Base class of every error this package raises on purpose."""


class CorpusError(AssistantError):
    """The corpus file or its metadata is missing or cannot be parsed."""


class ModelError(AssistantError):
    """The embedding model directory is missing or cannot be loaded offline."""


class IndexStateError(AssistantError):
    """The index on disk is missing, stale, corrupt or from another model or corpus."""


class CalculationError(AssistantError):
    """A calculation got inputs it cannot compute with (zero base, unit mismatch, non-finite value)."""



class PdfError(CorpusError):
    """A PDF cannot be turned into a Document: not a PDF, damaged, encrypted, without text, or over a limit."""


class SessionError(AssistantError):
    """The file of kept conversations cannot be read or written."""
