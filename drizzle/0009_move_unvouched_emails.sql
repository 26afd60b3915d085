-- An e-mail address belongs to a user only when something vouched for it: the password account was created (or
-- invited) with it, a workspace's own IdP signed them in on one of its verified domains, or Entra vouched for its
-- domain (`xms_edov`) at a sign-in whose session still records that domain. Every other address was only asserted,
-- so it moves to `unverified_email`; the next sign-in with a vouched address puts it back.
UPDATE "user" u
SET "unverified_email" = u."email", "email" = NULL
WHERE u."email" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "password_credential" p WHERE p."user_id" = u."id")
  AND NOT EXISTS (SELECT 1 FROM "account" a WHERE a."user_id" = u."id" AND a."provider" LIKE 't-%')
  AND NOT EXISTS (
    SELECT 1 FROM "session" s
    WHERE s."user_id" = u."id" AND s."vouched_domain" = split_part(u."email", '@', 2)
  );
