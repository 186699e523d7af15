-- Invoices and card payments of one tenant (see people.sql). Payment g pays invoice g, so the
-- first `payments` invoices are paid and the amounts agree.

-- The day (since 2023-01-01) invoice g of n was issued, in numbering order like created(), and
-- its amount; ir is the invoice's root.
create or replace function pg_temp.invoice_day(g integer, n integer, ir bigint) returns integer
  language sql immutable
  as $$ select ((g - 1)::bigint * 700 / n + pg_temp.x(ir, 1) % (700 / n + 1))::integer $$;

create or replace function pg_temp.invoice_amount(market text, ir bigint) returns numeric
  language sql immutable as $$
  select case market
    when 'id' then (500 + pg_temp.x(ir, 2) % 250000) * 1000.00
    else (5000 + pg_temp.x(ir, 2) % 2500000) / 100.00
  end::numeric(14, 2) $$;

-- The customer's name, e-mail and address as they were when the invoice was issued (cr: the
-- contact's root, so they match the contact row).
insert into app.invoices (id, tenant_id, invoice_number, contact_id, created_by_user_id, billing_name,
                          billing_email, billing_address, npwp, amount, currency, status, issued_on,
                          due_on, created_at)
select pg_temp.uid(s.tenant, 'invoices', g), s.tenant,
       'INV/' || upper(split_part(s.tenant, '-', 1)) || '/' || lpad(g::text, 7, '0'),
       pg_temp.uid(s.tenant, 'contacts', c.no),
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       pg_temp.full_name(s.market, pg_temp.x(c.cr, 1)),
       pg_temp.mailbox(s.market, pg_temp.x(c.cr, 1)) || c.no::text || '@billing.example',
       pg_temp.address(s.market, pg_temp.x(c.cr, 8)) || ', ' || pg_temp.city(s.market, pg_temp.x(c.cr, 8)),
       case when s.market = 'id' then pg_temp.npwp(pg_temp.x(c.cr, 7)) end,
       pg_temp.invoice_amount(s.market, r),
       case s.market when 'id' then 'IDR' when 'sg' then 'SGD' else 'EUR' end,
       case when g <= s.payments then 'paid'
            else pg_temp.one_of(r, 3, array['open', 'open', 'overdue', 'void']) end,
       date '2023-01-01' + pg_temp.invoice_day(g, s.invoices, r),
       date '2023-01-01' + pg_temp.invoice_day(g, s.invoices, r) + 30,
       pg_temp.at(pg_temp.invoice_day(g, s.invoices, r) * 86400 + pg_temp.x(r, 4) % 86400)
from seed s
cross join generate_series(1, s.invoices) as g
cross join lateral (select pg_temp.root(s.tenant, 'invoices', g) as r offset 0) as k
cross join lateral (select pg_temp.pick(r, 5, s.contacts) as no) as cn
cross join lateral (select cn.no, pg_temp.root(s.tenant, 'contacts', cn.no) as cr offset 0) as c;

-- The full card number, holder and expiry, stored as a careless app stores them.
insert into app.payments (id, tenant_id, invoice_id, recorded_by_user_id, amount, currency,
                          card_number, card_holder, card_expiry, paid_at, created_at)
select pg_temp.uid(s.tenant, 'payments', g), s.tenant,
       pg_temp.uid(s.tenant, 'invoices', g),
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       pg_temp.invoice_amount(s.market, ir),
       case s.market when 'id' then 'IDR' when 'sg' then 'SGD' else 'EUR' end,
       pg_temp.luhn(b.brand || pg_temp.digits(r, 2, 15 - length(b.brand))),
       upper(pg_temp.full_name(s.market, pg_temp.x(r, 3))),
       lpad(pg_temp.pick(r, 4, 12)::text, 2, '0') || '/' || (25 + pg_temp.pick(r, 5, 5))::text,
       p.at, p.at
from seed s
cross join generate_series(1, s.payments) as g
cross join lateral (select pg_temp.root(s.tenant, 'payments', g) as r,
                           pg_temp.root(s.tenant, 'invoices', g) as ir offset 0) as k
cross join lateral (select pg_temp.one_of(r, 1, array['4', '4', '51', '52', '53', '54', '55']) as brand) as b
cross join lateral (
  select pg_temp.at((pg_temp.invoice_day(g, s.invoices, ir) + pg_temp.pick(r, 6, 30)) * 86400
                    + pg_temp.x(r, 7) % 86400) as at) as p;
