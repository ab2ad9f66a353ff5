/** @jsxImportSource hono/jsx */
/** The fields of a collection (title, description, visibility), for "new" and "edit" alike. */
import { MAX_COLLECTION_DESCRIPTION, MAX_COLLECTION_TITLE } from '../../domain/collection.ts';

export interface CollectionFields {
  readonly title: string;
  readonly description: string;
  readonly isPublic: boolean;
}

export function CollectionFormFields({ values, idPrefix }: { values: CollectionFields; idPrefix: string }) {
  return (
    <>
      <div class="form-row">
        <label for={`${idPrefix}-title`}>Title</label>
        <input class="field" id={`${idPrefix}-title`} name="title" required maxlength={MAX_COLLECTION_TITLE} value={values.title} placeholder="Reading group: diffusion models" />
      </div>
      <div class="form-row">
        <label for={`${idPrefix}-description`}>
          Description <span class="muted">(optional)</span>
        </label>
        <textarea class="field" id={`${idPrefix}-description`} name="description" maxlength={MAX_COLLECTION_DESCRIPTION} rows={3}>
          {values.description}
        </textarea>
        <span class="hint">Plain text, up to {MAX_COLLECTION_DESCRIPTION.toLocaleString('en-US')} characters.</span>
      </div>
      <fieldset class="form-row visibility">
        <legend>Who can see it</legend>
        <label>
          <input type="radio" name="visibility" value="private" checked={!values.isPublic} /> Only me <span class="muted">— private</span>
        </label>
        <label>
          <input type="radio" name="visibility" value="public" checked={values.isPublic} /> Anyone with the link <span class="muted">— public, listed on your profile</span>
        </label>
      </fieldset>
    </>
  );
}
