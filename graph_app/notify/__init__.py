"""Who is told what by email (issue 18): invitations, feedback received, replies to feedback, records due for
review and the weekly digest. Each function here writes its emails to the outbox (graph_app/mail/outbox.py);
sending is graph_app/mail/sender.py's job. Emails are in English: their sentences are catalogue keys (N_),
so a council that wants them in Welsh or Polish later finds them in the catalogue with the rest."""
