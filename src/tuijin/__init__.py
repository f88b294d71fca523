"""推进 Tuijin: the key-project dispatch platform."""
