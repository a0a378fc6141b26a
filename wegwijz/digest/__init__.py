"""Tips that come to you: with a person's yes, at most one short message a week with activities and
kennisbank articles that fit their profile, in their language and hours, through their channel.

- `words`: the command (`/nieuws`), its buttons' payloads and the STOP words in four languages;
- `models`: the subscription, the messages sent and the items in them (personal data, by chat address);
- `chat`: the conversation (offer, yes, two short questions, stop);
- `choosing`: what fits the profile and was not sent before;
- `sending`: the weekly round the scheduler runs (idempotent, within the person's hours);
- `numbers`, `mydata`: monitoring counts and the registry of personal data.
"""
