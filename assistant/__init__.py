"""An offline assistant that answers questions about one paper with cited passages and computed statistics."""

from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import AssistantError, CalculationError, CorpusError, IndexStateError, ModelError
from .types import Answer, Chunk, Citation, Computation, Document, Hit, Operand, PaperMeta, Section, Sentence, to_json

if TYPE_CHECKING:
    from .pipeline import Assistant

__all__ = ["Assistant", "Settings", "Answer", "Chunk", "Citation", "Computation", "Document", "Hit", "Operand",
           "PaperMeta", "Section", "Sentence", "to_json", "AssistantError", "CalculationError", "CorpusError",
           "IndexStateError", "ModelError"]


def __getattr__(name: str) -> Any:
    """``assistant.Assistant`` is imported on first use: it loads torch, which plain data users do not need."""
    if name == "Assistant":
        from .pipeline import Assistant

        return Assistant
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
