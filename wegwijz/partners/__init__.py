"""Partners who may see part of a newcomer's profile, only with the newcomer's consent per organisation.

The plan: "with the profile we inform volunteers, the volunteer centre, the RSD and relevant employers,
so they can already explore the possibilities".

- `models`: organisations (added by an admin), partner accounts tied to one organisation, and the
  newcomer's consents per organisation and field set (with given and withdrawn moments, history kept);
- `fields`: which profile fields an organisation may ever ask for (never health);
- `consents`: giving, withdrawing and reading consents;
- `words`: the `/delen` command and its buttons' payloads;
- `sharing`: the conversation in the chat, one organisation at a time;
- `partner_view`: what a partner reads in the portal, only the consented fields (checked in the query);
- `organisations`: the admin's part (organisations, partner accounts);
- `mydata`: export, erasure and `/mijngegevens` (who may see what, and who looked);
- `numbers`: consents given and withdrawn, and partner views, for the monitoring page.
"""
