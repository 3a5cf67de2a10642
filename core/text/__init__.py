"""Words of a text as the engines that match them see them: English (core.text.english:
lemmatised, Snowball-stemmed) and Korean (core.text.korean: morphemes by Kiwi). Dream
retrieval and moderation read the same tokens."""
