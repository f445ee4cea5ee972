-- A request's PDF passwords (pdf.userPassword, pdf.ownerPassword), sealed by the server with its encryption key
-- (AES-256-GCM), for the worker that renders the job. Set to NULL when the job completes, fails or is cancelled.
ALTER TABLE jobs ADD COLUMN pdf_secrets TEXT;
