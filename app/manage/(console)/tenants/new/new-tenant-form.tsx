"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { TextField } from "../../../../_components/text-field";
import { Alert, linkClass } from "../../../../_components/ui";
import { SubmitButton } from "../../../../_components/submit-button";
import { InvitationLink } from "../../../../_components/invitation-link";

type Created = { tenantId: string; invitationUrl: string; expiresAt: string; mailed: boolean };
type Errors = { name?: string; adminEmail?: string; form?: string };

export function NewTenantForm({ mailNotSent }: { mailNotSent: string }) {
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Errors>({});
  const [created, setCreated] = useState<Created | null>(null);

  if (created)
    return (
      <Alert tone="success">
        <p>
          Tenant created.{created.mailed ? " The invitation was mailed to its first admin." : ""} The link is shown once; it expires{" "}
          {created.expiresAt.slice(0, 16).replace("T", " ")} UTC.
        </p>
        {created.mailed ? null : <p className="mt-1 font-medium text-red-800">{mailNotSent}</p>}
        <InvitationLink url={created.invitationUrl} />
        <p className="mt-2">
          <Link className={linkClass} href={`/manage/tenants/${created.tenantId}`}>
            Open the tenant
          </Link>
        </p>
      </Alert>
    );

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        setErrors({});
        startTransition(async () => {
          const response = await fetch("/api/v1/manage/tenants", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ name: data.get("name"), adminEmail: data.get("adminEmail") }),
          }).catch(() => null);
          const body = (await response?.json().catch(() => ({}))) as Partial<Created> & { message?: string; fieldErrors?: Errors };
          if (response?.ok) setCreated(body as Created);
          else setErrors(body?.fieldErrors ?? { form: body?.message ?? "The console could not reach Gatehouse. Try again." });
        });
      }}
      className="space-y-4"
    >
      {errors.form ? <Alert>{errors.form}</Alert> : null}
      <TextField id="name" label="Tenant name" error={errors.name} />
      <TextField id="adminEmail" label="First admin's email" error={errors.adminEmail} type="email" />
      <SubmitButton pendingLabel="Creating…" pending={pending}>
        Create tenant and invitation
      </SubmitButton>
    </form>
  );
}
