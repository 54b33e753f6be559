"""Text analytics of customer comments: the app's own offline Chinese sentiment model and its trainer.

Heavy modules (jieba, snownlp, pandas) are imported where they are first used, never here.
"""
