from letters.models.letters import Letter, LetterBatch, LetterKind, LetterTemplate

__all__ = ["Letter", "LetterBatch", "LetterKind", "LetterTemplate"]
