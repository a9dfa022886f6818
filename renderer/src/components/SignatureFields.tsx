import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureRequest } from '../../../shared/api/signatures';
import { isServerLocation } from '../../../shared/study-location';
import { useWorkspace } from '../hooks/useWorkspace';

export interface SignatureDraft {
  meaning: string;
  password: string;
}

export const EMPTY_SIGNATURE: SignatureDraft = { meaning: '', password: '' };

/** Whether the open study is a team study on a server (its decisions are signed with a password). */
export function useTeamStudy(): boolean {
  const file = useWorkspace().data?.file;
  return !!file && isServerLocation(file);
}

/** The signature to send: required in team mode (meaning and password), the meaning alone when stated on a file. */
export function signatureRequest(draft: SignatureDraft, team: boolean): SignatureRequest | undefined {
  const meaning = draft.meaning.trim();
  if (!team) return meaning ? { meaning } : undefined;
  return { meaning, password: draft.password };
}

export function signatureReady(draft: SignatureDraft, team: boolean): boolean {
  return !team || (draft.meaning.trim() !== '' && draft.password !== '');
}

/** A signed decision's draft: what the fields hold, whether it may be sent, and the request to send. */
export function useSignature() {
  const team = useTeamStudy();
  const [draft, setDraft] = useState<SignatureDraft>(EMPTY_SIGNATURE);
  return {
    fields: { draft, onChange: setDraft, team },
    ready: signatureReady(draft, team),
    request: (): SignatureRequest | undefined => signatureRequest(draft, team),
    reset: () => setDraft(EMPTY_SIGNATURE),
  };
}

/**
 * What a signed decision (lock, unlock, close, accept) asks: the meaning of the signature and, on
 * a team study, the person's password again (checked by the server, never kept).
 */
export function SignatureFields({
  draft,
  onChange,
  team,
}: {
  draft: SignatureDraft;
  onChange: (draft: SignatureDraft) => void;
  team: boolean;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="stack signature-fields" data-testid="signature">
      <legend>{t(team ? 'signature.legendTeam' : 'signature.legendFile')}</legend>
      <label className="field">
        <span>
          {t('signature.meaning')} {team && <span className="required">*</span>}
        </span>
        <input
          value={draft.meaning}
          onChange={(e) => onChange({ ...draft, meaning: e.target.value })}
          placeholder={t('signature.meaningPlaceholder')}
          data-testid="signature-meaning"
        />
      </label>
      {team && (
        <label className="field">
          <span>
            {t('signature.password')} <span className="required">*</span>
          </span>
          <input
            type="password"
            autoComplete="current-password"
            value={draft.password}
            onChange={(e) => onChange({ ...draft, password: e.target.value })}
            data-testid="signature-password"
          />
        </label>
      )}
    </fieldset>
  );
}
