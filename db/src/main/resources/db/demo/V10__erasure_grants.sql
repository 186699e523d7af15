-- What erasure and tenant purge need on the demo application's tables, and nothing more: DELETE
-- everywhere (a subject's rows, or a purged tenant's), and UPDATE only on the columns the catalog
-- anonymizes on erasure or when a retention period ends (personal and sensitive columns of rows
-- that must stay). Row-level security (V2) still limits every statement to the scoped tenant.
-- A production application's administrator grants the same for the catalog it writes.

grant delete on app.users, app.teams, app.team_memberships, app.contacts, app.documents,
  app.attachments, app.comments, app.invoices, app.payments, app.activity_log, app.sessions,
  app.api_keys to jaga_runtime;

grant update (owner_user_id, contact_id) on app.documents to jaga_runtime;
grant update (uploaded_by_user_id) on app.attachments to jaga_runtime;
grant update (author_user_id) on app.comments to jaga_runtime;
grant update (created_by_user_id, contact_id, billing_name, billing_email, billing_address, npwp)
  on app.invoices to jaga_runtime;
grant update (recorded_by_user_id, card_holder) on app.payments to jaga_runtime;
grant update (created_by_user_id) on app.api_keys to jaga_runtime;
