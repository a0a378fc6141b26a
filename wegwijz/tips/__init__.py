"""Tips from those who came before: the two-year check-in's tips, reviewed by an editor, shown to new newcomers.

- `models`: the tips (by chat address until erasure) and their text per language;
- `words`: how a person asks for tips (`/tips`, plain words) and the buttons' payloads;
- `giving`: after the two-year check-in, asking whether the tip may be shared, and kept after erasure;
- `showing`: a tip after an answer on the same topic, and tips on request, in the person's language;
- `review`: what editors do in the portal (clean up, choose the topic, approve or reject, translate);
- `translate`: the optional machine-translation service behind one small client;
- `mydata`: export, erasure (keeping the anonymous text only with the giver's yes) and /mijngegevens.
"""
