/** A labelled text area of a form or dialog (`mark`: a star says it must be filled in). */
export function TextAreaField({
  label,
  value,
  onChange,
  placeholder,
  rows = 3,
  mark = false,
  required = false,
  autoFocus = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  rows?: number;
  mark?: boolean;
  required?: boolean;
  /** The dialog puts the focus here when it opens. */
  autoFocus?: boolean;
}) {
  return (
    <label className="field">
      <span>
        {label}
        {mark && (
          <>
            {' '}
            <span className="required">*</span>
          </>
        )}
      </span>
      <textarea
        data-autofocus={autoFocus || undefined}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        required={required || undefined}
      />
    </label>
  );
}
