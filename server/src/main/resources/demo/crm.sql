-- Contacts, documents, attachments and comments of one tenant (see people.sql).

insert into app.contacts (id, tenant_id, owner_user_id, full_name, email, phone, nik, npwp,
                          date_of_birth, address, city, company_name, job_title, notes, created_at)
select pg_temp.uid(s.tenant, 'contacts', g), s.tenant,
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       pg_temp.full_name(s.market, pg_temp.x(r, 1)),
       pg_temp.mailbox(s.market, pg_temp.x(r, 1)) || g::text || '@'
         || pg_temp.one_of(r, 2, case s.market
              when 'id' then array['gmail.com', 'yahoo.co.id', 'outlook.com', 'ymail.com']
              when 'sg' then array['gmail.com', 'hotmail.com', 'singnet.com.sg', 'outlook.com']
              else array['gmail.com', 'gmx.de', 'web.de', 'outlook.com', 'proton.me'] end),
       pg_temp.phone(s.market, pg_temp.x(r, 3)),
       -- Foreign tenants hold the NIK of their Indonesian customers only.
       case when s.market = 'id' or pg_temp.x(r, 4) % 10 = 0
            then pg_temp.nik(pg_temp.x(r, 5), r) end,
       case when s.market = 'id' and pg_temp.x(r, 6) % 3 > 0 then pg_temp.npwp(pg_temp.x(r, 7)) end,
       pg_temp.born(r),
       pg_temp.address(s.market, pg_temp.x(r, 8)),
       pg_temp.city(s.market, pg_temp.x(r, 8)),
       case s.market when 'id' then 'PT ' else '' end
         || pg_temp.one_of(r, 10, case s.market
              when 'id' then array['Maju Bersama', 'Sumber Rejeki', 'Karya Abadi', 'Nusantara Digital',
                                   'Cahaya Mandiri', 'Mitra Sejahtera', 'Bintang Timur', 'Sentosa Makmur']
              else array['Harbour', 'Lion City', 'Northwind', 'Blue Delta', 'Alpen', 'Nordlicht',
                         'Silverline', 'Greenfield'] end)
         || case s.market when 'id' then '' when 'sg' then ' Pte Ltd' else ' GmbH' end,
       pg_temp.one_of(r, 11, case s.market
         when 'id' then array['Direktur', 'Manajer Pemasaran', 'Staf Keuangan', 'Kepala Pengadaan',
                              'Pemilik', 'Konsultan', 'Manajer HRD']
         else array['Director', 'Marketing Manager', 'Finance Officer', 'Head of Procurement',
                    'Founder', 'Consultant', 'HR Manager'] end),
       pg_temp.one_of(r, 12, case s.market
         when 'id' then array['Lebih suka dihubungi via WhatsApp.', 'Bertemu di pameran JIExpo.',
                              'Minta dikirim katalog terbaru.', 'Follow up setelah Lebaran.', null]
         else array['Prefers WhatsApp.', 'Met at the trade fair.', 'Send the new price list.',
                    'Follow up next quarter.', null] end),
       pg_temp.created(g, s.contacts, r)
from seed s
cross join generate_series(1, s.contacts) as g
cross join lateral (select pg_temp.root(s.tenant, 'contacts', g) as r offset 0) as k;

-- A document's body names its contact, as real documents do (cr: the contact's root).
insert into app.documents (id, tenant_id, owner_user_id, contact_id, title, body, status, created_at,
                           updated_at)
select pg_temp.uid(s.tenant, 'documents', g), s.tenant,
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       case when pg_temp.x(r, 2) % 10 < 7 then pg_temp.uid(s.tenant, 'contacts', c.no) end,
       pg_temp.one_of(r, 3, case s.market
         when 'id' then array['Proposal Kerja Sama', 'Penawaran Harga', 'Notulen Rapat', 'Kontrak Layanan',
                              'Laporan Kunjungan', 'Rencana Kampanye']
         else array['Partnership Proposal', 'Price Quotation', 'Meeting Notes', 'Service Agreement',
                    'Visit Report', 'Campaign Plan'] end) || ' #' || g::text,
       case s.market
         when 'id' then 'Ringkasan: klien meminta penawaran untuk ' || pg_temp.pick(r, 4, 500)::text
                        || ' unit dengan termin pembayaran 30 hari. Kontak utama: '
                        || pg_temp.full_name(s.market, pg_temp.x(c.cr, 1))
                        || '. Langkah berikutnya: kirim draf kontrak dan jadwalkan presentasi.'
         else 'Summary: the client asked for a quote on ' || pg_temp.pick(r, 4, 500)::text
              || ' units with 30-day payment terms. Main contact: '
              || pg_temp.full_name(s.market, pg_temp.x(c.cr, 1))
              || '. Next steps: send the draft contract and schedule a presentation.'
       end,
       pg_temp.one_of(r, 5, array['draft', 'shared', 'shared', 'archived']),
       t.at,
       t.at + (pg_temp.x(r, 7) % 864000) * interval '1 second'
from seed s
cross join generate_series(1, s.documents) as g
cross join lateral (select pg_temp.root(s.tenant, 'documents', g) as r offset 0) as k
cross join lateral (select pg_temp.created(g, s.documents, r) as at) as t
cross join lateral (select pg_temp.pick(r, 1, s.contacts) as no) as cn
cross join lateral (select cn.no, pg_temp.root(s.tenant, 'contacts', cn.no) as cr offset 0) as c;

insert into app.attachments (id, tenant_id, document_id, uploaded_by_user_id, file_name, content_type,
                             size_bytes, sha256, content, created_at)
select pg_temp.uid(s.tenant, 'attachments', g), s.tenant,
       -- A document numbered before this attachment, hence created before it.
       pg_temp.uid(s.tenant, 'documents',
                   pg_temp.pick(r, 1, greatest(1, (g::bigint * s.documents / s.attachments)::integer))),
       pg_temp.uid(s.tenant, 'users', pg_temp.owner_no(r, g, s.named, s.users)),
       f.name, f.type, octet_length(f.content), encode(sha256(f.content), 'hex'), f.content,
       pg_temp.created(g, s.attachments, r)
from seed s
cross join generate_series(1, s.attachments) as g
cross join lateral (select pg_temp.root(s.tenant, 'attachments', g) as r offset 0) as k
cross join lateral (select pg_temp.pick(r, 3, 4) as kind) as kd
cross join lateral (
  select case kd.kind when 1 then 'proposal-' when 2 then 'ktp-scan-' when 3 then 'price-list-'
                      else 'notes-' end
           || g::text || case kd.kind when 1 then '.pdf' when 2 then '.jpg' when 3 then '.csv'
                                      else '.txt' end as name,
         case kd.kind when 1 then 'application/pdf' when 2 then 'image/jpeg'
                      when 3 then 'text/csv' else 'text/plain' end as type,
         -- Small but true to type: a PDF header, JPEG markers, real CSV and text.
         case kd.kind
           when 1 then convert_to('%PDF-1.4' || chr(10) || '% proposal ' || g::text || chr(10) || '%%EOF',
                                  'UTF8')
           when 2 then '\xffd8ffe000104a46494600'::bytea || sha256(int8send(r))
                       || sha256(int8send(pg_temp.x(r, 4))) || '\xffd9'::bytea
           when 3 then convert_to('item,qty,price' || chr(10) || 'A-' || pg_temp.digits(r, 5, 3) || ','
                                  || pg_temp.pick(r, 6, 50)::text || ',' || pg_temp.pick(r, 7, 9999)::text
                                  || chr(10), 'UTF8')
           else convert_to('Catatan / notes ' || g::text || ': ' || pg_temp.user_agent(r), 'UTF8')
         end as content
) as f;

-- Most comments are by someone other than the document's owner (the shared records an erasure
-- must anonymize, not delete); the named people's first comments are on each other's documents.
insert into app.comments (id, tenant_id, document_id, author_user_id, body, created_at)
select pg_temp.uid(s.tenant, 'comments', g), s.tenant,
       pg_temp.uid(s.tenant, 'documents', d.no),
       pg_temp.uid(s.tenant, 'users',
                   case when a.no = d.owner and pg_temp.x(r, 2) % 5 > 0 then a.no % s.users + 1
                        else a.no end),
       pg_temp.one_of(r, 3, case s.market
         when 'id' then array['Tolong cek lagi angka di halaman 3.', 'Sudah saya revisi, mohon ditinjau.',
                              'Setuju, lanjutkan ke klien.', 'Apakah lampiran kontraknya sudah final?',
                              'Klien minta diskon 5%, bagaimana?', 'Sudah saya teruskan ke tim keuangan.']
         else array['Please double-check the figures on page 3.', 'Revised, please review.',
                    'Agreed, send it to the client.', 'Is the contract attachment final?',
                    'The client asks for a 5% discount, thoughts?', 'Forwarded to finance.'] end),
       pg_temp.created(g, s.comments, r)
from seed s
cross join generate_series(1, s.comments) as g
cross join lateral (select pg_temp.root(s.tenant, 'comments', g) as r offset 0) as k
cross join lateral (
  select case when g <= s.named and s.named > 1 and s.documents >= s.named then g % s.named + 1
              else pg_temp.pick(r, 1, greatest(1, (g::bigint * s.documents / s.comments)::integer))
         end as no) as dn
cross join lateral (
  select dn.no, pg_temp.owner_no(pg_temp.root(s.tenant, 'documents', dn.no), dn.no, s.named, s.users)
           as owner) as d
cross join lateral (select pg_temp.owner_no(r, g, s.named, s.users) as no) as a;
