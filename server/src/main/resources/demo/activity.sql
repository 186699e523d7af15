-- Activity log, sessions and API keys of one tenant (see people.sql).

insert into app.activity_log (id, tenant_id, actor_user_id, action, target_type, target_id,
                              ip_address, user_agent, created_at)
select pg_temp.uid(s.tenant, 'activity_log', g), s.tenant,
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       (array['auth.login', 'document.view', 'document.update', 'contact.create', 'contact.update',
              'invoice.send', 'comment.create', 'contacts.export_csv'])[a.no],
       (array[null, 'document', 'document', 'contact', 'contact', 'invoice', 'comment', null])[a.no],
       case a.no
         when 2 then pg_temp.uid(s.tenant, 'documents', pg_temp.pick(r, 2, s.documents))
         when 3 then pg_temp.uid(s.tenant, 'documents', pg_temp.pick(r, 2, s.documents))
         when 4 then pg_temp.uid(s.tenant, 'contacts', pg_temp.pick(r, 2, s.contacts))
         when 5 then pg_temp.uid(s.tenant, 'contacts', pg_temp.pick(r, 2, s.contacts))
         when 6 then pg_temp.uid(s.tenant, 'invoices', pg_temp.pick(r, 2, s.invoices))
         when 7 then pg_temp.uid(s.tenant, 'comments', pg_temp.pick(r, 2, s.comments))
       end,
       pg_temp.ip(s.market, pg_temp.x(r, 3)),
       pg_temp.user_agent(pg_temp.x(r, 4)),
       pg_temp.created(g, s.activity, r)
from seed s
cross join generate_series(1, s.activity) as g
cross join lateral (select pg_temp.root(s.tenant, 'activity_log', g) as r offset 0) as k
cross join lateral (select pg_temp.pick(r, 1, 8) as no) as a;

insert into app.sessions (id, tenant_id, user_id, token, ip_address, user_agent, expires_at, created_at)
select pg_temp.uid(s.tenant, 'sessions', g), s.tenant,
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       encode(sha256(convert_to(s.tenant || ':sessions:' || g::text || ':token', 'UTF8')), 'hex'),
       pg_temp.ip(s.market, pg_temp.x(r, 1)),
       pg_temp.user_agent(pg_temp.x(r, 2)),
       t.at + interval '30 days',
       t.at
from seed s
cross join generate_series(1, s.sessions) as g
cross join lateral (select pg_temp.root(s.tenant, 'sessions', g) as r offset 0) as k
cross join lateral (select pg_temp.created(g, s.sessions, r) as at) as t;

insert into app.api_keys (id, tenant_id, created_by_user_id, name, key_prefix, secret, last_used_at,
                          revoked_at, created_at)
select pg_temp.uid(s.tenant, 'api_keys', g), s.tenant,
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       pg_temp.one_of(r, 1, array['Zapier', 'Accounting sync', 'Website form', 'WhatsApp bot',
                                  'Data warehouse', 'Mobile app']) || ' ' || g::text,
       left(x.secret, 12),
       x.secret,
       case when pg_temp.x(r, 2) % 4 > 0 then t.at + interval '7 days' end,
       case when pg_temp.x(r, 4) % 5 = 0 then t.at + interval '60 days' end,
       t.at
from seed s
cross join generate_series(1, s.api_keys) as g
cross join lateral (select pg_temp.root(s.tenant, 'api_keys', g) as r offset 0) as k
cross join lateral (select pg_temp.created(g, s.api_keys, r) as at) as t
cross join lateral (
  select 'sk_live_' || encode(sha256(convert_to(s.tenant || ':api_keys:' || g::text || ':secret',
                                                'UTF8')), 'hex') as secret) as x;
