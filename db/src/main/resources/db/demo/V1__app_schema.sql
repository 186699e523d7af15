-- The demo application that Jaga governs in dev and tests: a multi-tenant CRM and document tool
-- sold to Indonesian companies. It is written the way a real (somewhat careless) SaaS would be, so
-- that Jaga has something honest to protect: people's NIK and phone numbers, full card numbers,
-- session tokens and API secrets sit in plain columns next to ordinary business data.
--
-- Conventions every table follows, because Jaga's catalog check and exports rely on them:
-- * tenant_id text not null: the tenant's slug (e.g. 'acme-id'); rows never span tenants.
-- * id uuid primary key, never sequential (ids must not reveal volume or be guessable).
-- * created_at timestamptz not null: the time key for time-window export scopes.
-- * an index on (tenant_id, created_at) for per-tenant scans and time windows, and one on
--   (tenant_id, <subject column>) so that a data subject's rows are found without a full scan.
-- References to users that must survive a user's erasure (documents, comments, invoices) are
-- nullable with ON DELETE SET NULL: an erased author reads as "Deleted User" while the record stays.

-- People who log in to the app; one row per tenant a person belongs to (an agency user who works
-- for two client companies has two rows).
create table app.users (
  id              uuid primary key,
  tenant_id       text not null,
  email           text not null,
  full_name       text not null,
  phone           text,
  nik             text check (nik ~ '^[0-9]{16}$'),   -- Indonesian national id (KTP)
  date_of_birth   date,
  address         text,
  city            text,
  locale          text not null,
  password_hash   text not null,
  created_at      timestamptz not null
);
create unique index users_tenant_email on app.users (tenant_id, email);
create index users_tenant_created on app.users (tenant_id, created_at);

create table app.teams (
  id          uuid primary key,
  tenant_id   text not null,
  name        text not null,
  created_at  timestamptz not null
);
create index teams_tenant_created on app.teams (tenant_id, created_at);

create table app.team_memberships (
  id          uuid primary key,
  tenant_id   text not null,
  team_id     uuid not null references app.teams (id) on delete cascade,
  user_id     uuid not null references app.users (id) on delete cascade,
  role        text not null check (role in ('lead', 'member')),
  created_at  timestamptz not null,
  unique (team_id, user_id)
);
create index team_memberships_tenant_user on app.team_memberships (tenant_id, user_id);
create index team_memberships_tenant_created on app.team_memberships (tenant_id, created_at);

-- The tenant's customers and leads, each kept in one user's address book.
create table app.contacts (
  id              uuid primary key,
  tenant_id       text not null,
  owner_user_id   uuid references app.users (id) on delete set null,
  full_name       text not null,
  email           text,
  phone           text,
  nik             text check (nik ~ '^[0-9]{16}$'),
  npwp            text,                                 -- Indonesian tax id, 15/16 digits formatted
  date_of_birth   date,
  address         text,
  city            text,
  company_name    text,
  job_title       text,
  notes           text,
  created_at      timestamptz not null
);
create index contacts_tenant_created on app.contacts (tenant_id, created_at);
create index contacts_tenant_owner on app.contacts (tenant_id, owner_user_id);
create index contacts_tenant_email on app.contacts (tenant_id, email);

create table app.documents (
  id              uuid primary key,
  tenant_id       text not null,
  owner_user_id   uuid references app.users (id) on delete set null,
  contact_id      uuid references app.contacts (id) on delete set null,
  title           text not null,
  body            text not null,
  status          text not null check (status in ('draft', 'shared', 'archived')),
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);
create index documents_tenant_created on app.documents (tenant_id, created_at);
create index documents_tenant_owner on app.documents (tenant_id, owner_user_id);

-- Files attached to documents; the demo keeps their (small) content inline.
create table app.attachments (
  id                    uuid primary key,
  tenant_id             text not null,
  document_id           uuid not null references app.documents (id) on delete cascade,
  uploaded_by_user_id   uuid references app.users (id) on delete set null,
  file_name             text not null,
  content_type          text not null,
  size_bytes            integer not null check (size_bytes >= 0),
  sha256                text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content               bytea not null,
  created_at            timestamptz not null
);
create index attachments_tenant_created on app.attachments (tenant_id, created_at);
create index attachments_tenant_uploader on app.attachments (tenant_id, uploaded_by_user_id);
create index attachments_document on app.attachments (document_id);

-- Comments, often by one user on another user's document: the shared record of the demo.
create table app.comments (
  id               uuid primary key,
  tenant_id        text not null,
  document_id      uuid not null references app.documents (id) on delete cascade,
  author_user_id   uuid references app.users (id) on delete set null,
  body             text not null,
  created_at       timestamptz not null
);
create index comments_tenant_created on app.comments (tenant_id, created_at);
create index comments_tenant_author on app.comments (tenant_id, author_user_id);
create index comments_document on app.comments (document_id);

-- Invoices copy the customer's billing details, as tax law wants the document as it was issued.
create table app.invoices (
  id                   uuid primary key,
  tenant_id            text not null,
  invoice_number       text not null,
  contact_id           uuid references app.contacts (id) on delete set null,
  created_by_user_id   uuid references app.users (id) on delete set null,
  billing_name         text not null,
  billing_email        text,
  billing_address      text,
  npwp                 text,
  amount               numeric(14, 2) not null,
  currency             text not null check (currency ~ '^[A-Z]{3}$'),
  status               text not null check (status in ('open', 'paid', 'overdue', 'void')),
  issued_on            date not null,
  due_on               date not null,
  created_at           timestamptz not null
);
create unique index invoices_tenant_number on app.invoices (tenant_id, invoice_number);
create index invoices_tenant_created on app.invoices (tenant_id, created_at);
create index invoices_tenant_creator on app.invoices (tenant_id, created_by_user_id);
create index invoices_tenant_contact on app.invoices (tenant_id, contact_id);

-- Card payments, stored as a careless app would: the full card number, holder and expiry.
create table app.payments (
  id                    uuid primary key,
  tenant_id             text not null,
  invoice_id            uuid not null references app.invoices (id),
  recorded_by_user_id   uuid references app.users (id) on delete set null,
  amount                numeric(14, 2) not null,
  currency              text not null check (currency ~ '^[A-Z]{3}$'),
  card_number           text not null check (card_number ~ '^[0-9]{13,19}$'),
  card_holder           text not null,
  card_expiry           text not null check (card_expiry ~ '^(0[1-9]|1[0-2])/[0-9]{2}$'),
  paid_at               timestamptz not null,
  created_at            timestamptz not null
);
create index payments_tenant_created on app.payments (tenant_id, created_at);
create index payments_tenant_recorder on app.payments (tenant_id, recorded_by_user_id);
create index payments_invoice on app.payments (invoice_id);

-- What users did, from where.
create table app.activity_log (
  id              uuid primary key,
  tenant_id       text not null,
  actor_user_id   uuid not null references app.users (id) on delete cascade,
  action          text not null,
  target_type     text,
  target_id       uuid,
  ip_address      inet,
  user_agent      text,
  created_at      timestamptz not null
);
create index activity_log_tenant_created on app.activity_log (tenant_id, created_at);
create index activity_log_tenant_actor on app.activity_log (tenant_id, actor_user_id);

create table app.sessions (
  id           uuid primary key,
  tenant_id    text not null,
  user_id      uuid not null references app.users (id) on delete cascade,
  token        text not null unique,
  ip_address   inet,
  user_agent   text,
  expires_at   timestamptz not null,
  created_at   timestamptz not null
);
create index sessions_tenant_user on app.sessions (tenant_id, user_id);
create index sessions_tenant_created on app.sessions (tenant_id, created_at);

-- Keys the tenant's own integrations call the app's API with; the secret is stored in clear.
create table app.api_keys (
  id                   uuid primary key,
  tenant_id            text not null,
  created_by_user_id   uuid references app.users (id) on delete set null,
  name                 text not null,
  key_prefix           text not null,
  secret               text not null unique,
  last_used_at         timestamptz,
  revoked_at           timestamptz,
  created_at           timestamptz not null
);
create index api_keys_tenant_creator on app.api_keys (tenant_id, created_by_user_id);
create index api_keys_tenant_created on app.api_keys (tenant_id, created_at);
