"""A person behind the assistant: a newcomer's question goes, with their yes, to a person in the portal.

- `commands`: how a person asks for a person (`/mens`, its aliases, plain words in four languages);
- `models`: the questions (personal data, by chat address) and the kennisbank gaps (anonymous);
- `office_hours`: when staff read the inbox and roughly when an answer comes;
- `asking`: the conversation in the chat (confirm, send, tell who answers and when);
- `inbox`: what staff see and do in the portal (list, answer, mark a gap), and the answer going back;
- `numbers`: open, answered and overdue questions for the monitoring page.
"""
