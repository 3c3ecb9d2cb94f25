"""Email (issue 18): every email is written to the private database's outbox first (outbox.py), in the same
transaction as what caused it, then sent by SMTP (smtp.py) from a background thread of the app or from
`graph-app notify send` (sender.py). A failed send is kept with its error and tried again later with a growing
wait, so no email is lost and no request waits for a mail server. Messages are built only with
email.message.EmailMessage (message.py), and any header value holding a line break is refused."""
