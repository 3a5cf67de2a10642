"""Moderation, for every app that takes text in or shows it (dreams, storybooks): the
moderators (core.moderation.moderators: a word list offline, OpenAI online) and the word
list they read (word_list.txt)."""
