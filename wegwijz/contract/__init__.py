"""What the features of WegwijZ agree on, declared once: today the registry of personal data."""
