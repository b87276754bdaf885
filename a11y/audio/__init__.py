"""Audio: the house format (encoding), MP3 frames (mp3), where audio files live (files), making a
segment's audio with the voices once however many ask (synthesis, flight), and the whole article as one
file (whole)."""
