// A failed request, said in words, where the data would have been.
export function ErrorMessage({ error, what }: { error: unknown; what: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error" role="alert">
      <strong>Could not {what}.</strong> {message}
    </div>
  );
}
