"""The answer-quality benchmark (`make benchmark`): held-out questions, our matcher and two baselines."""
