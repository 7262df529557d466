import { failIf, type GatewayClient, GatewayRequestError } from './client.js';
import { h } from './dom.js';
import { graphql } from './gql/index.js';
import type { RetentionMode } from './gql/graphql.js';

/**
 * The object detail pane's labels section: tags and metadata (content type, Cache-Control, Content-Disposition, user
 * metadata) with editing, and object lock: retention and legal hold. A section of its own, beside the pane's others.
 */

const LabelsQuery = graphql(`
  query ObjectLabels($bucket: String!, $key: String!) {
    object(bucket: $bucket, key: $key) {
      contentType
      cacheControl
      contentDisposition
      metadata {
        key
        value
      }
      retention {
        mode
        retainUntil
      }
      legalHold
    }
  }
`);

// Apart from the rest: a store without object tagging (NOT_SUPPORTED) still shows the object's metadata and retention.
const TagsQuery = graphql(`
  query ObjectTags($bucket: String!, $key: String!) {
    object(bucket: $bucket, key: $key) {
      tags {
        key
        value
      }
    }
  }
`);

const SetTagsMutation = graphql(`
  mutation SetTags($input: SetObjectTagsInput!) {
    setObjectTags(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

const UpdateObjectMutation = graphql(`
  mutation UpdateHeaders($input: UpdateObjectInput!) {
    updateObject(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

const SetRetentionMutation = graphql(`
  mutation SetRetention($input: SetObjectRetentionInput!) {
    setObjectRetention(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

const SetLegalHoldMutation = graphql(`
  mutation SetLegalHold($input: SetObjectLegalHoldInput!) {
    setObjectLegalHold(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

/** What the object browser lends this section. */
export interface DetailsHooks {
  client: GatewayClient;
  /** Runs an action of the user, showing what went wrong. */
  attempt(action: () => Promise<void>): Promise<void>;
}

interface Pair {
  key: string;
  value: string;
}

function actionButton(hooks: DetailsHooks, label: string, testId: string, onClick: () => Promise<void>): HTMLButtonElement {
  const element = h('button', { type: 'button', 'data-testid': testId }, label);
  element.addEventListener('click', () => void hooks.attempt(onClick));
  return element;
}

function localButton(label: string, testId: string, onClick: () => void): HTMLButtonElement {
  const element = h('button', { type: 'button', 'data-testid': testId }, label);
  element.addEventListener('click', onClick);
  return element;
}

/** Editable key/value rows, with a button to add one and one to remove each; `read()` gives the rows as they are now. */
function pairEditor(name: string, pairs: Pair[]): { element: HTMLElement; read(): Pair[] } {
  const list = h('ul', { class: 'pairs', 'data-testid': `${name}-rows` });
  const addRow = ({ key, value }: Pair) => {
    const keyInput = h('input', { 'aria-label': `${name} key`, 'data-testid': `${name}-key`, value: key });
    const valueInput = h('input', { 'aria-label': `${name} value`, 'data-testid': `${name}-value`, value });
    const row = h('li', {}, keyInput, ' = ', valueInput);
    row.append(localButton('Remove', `${name}-remove`, () => row.remove()));
    list.append(row);
  };
  pairs.forEach(addRow);
  const add = localButton(`Add ${name}`, `${name}-add`, () => addRow({ key: '', value: '' }));
  return {
    element: h('div', {}, list, add),
    read: () =>
      Array.from(list.querySelectorAll('li'), (row) => {
        const [keyInput, valueInput] = Array.from(row.querySelectorAll('input'));
        return { key: keyInput?.value.trim() ?? '', value: valueInput?.value ?? '' };
      }).filter(({ key }) => key !== ''),
  };
}

function labelled(label: string, input: HTMLElement): HTMLLabelElement {
  return h('label', {}, `${label} `, input);
}

/** Runs a change, then shows the section again as the store keeps it; the section is aria-busy meanwhile. */
type Saver = (change: () => Promise<void>) => Promise<void>;

/** The section for the object, loaded now; each save reloads it, so it shows what the store keeps. */
export async function objectDetailsSection(hooks: DetailsHooks, bucket: string, key: string): Promise<HTMLElement> {
  const section = h('section', { class: 'object-details', 'data-testid': 'object-details', 'aria-busy': 'false' });
  const save: Saver = async (change) => {
    section.setAttribute('aria-busy', 'true');
    try {
      await change();
      await render();
    } finally {
      section.setAttribute('aria-busy', 'false');
    }
  };
  const render = async () => {
    const { object } = await hooks.client.request(LabelsQuery, { bucket, key });
    if (!object) {
      section.replaceChildren();
      return;
    }
    section.replaceChildren(
      await tagsPart(hooks, bucket, key, save),
      headersPart(hooks, bucket, key, object, save),
      lockPart(hooks, bucket, key, object, save),
    );
  };
  await render();
  return section;
}

async function tagsPart(hooks: DetailsHooks, bucket: string, key: string, save: Saver): Promise<HTMLElement> {
  const heading = h('h3', {}, 'Tags');
  let tags: Pair[];
  try {
    tags = (await hooks.client.request(TagsQuery, { bucket, key })).object?.tags ?? [];
  } catch (error) {
    if (!(error instanceof GatewayRequestError) || error.code !== 'NOT_SUPPORTED') throw error;
    return h('div', { class: 'details-part' }, heading, h('p', { 'data-testid': 'tags-unsupported' }, error.message));
  }
  const editor = pairEditor('tag', tags);
  const saveTags = actionButton(hooks, 'Save tags', 'save-tags', () =>
    save(async () => {
      const { setObjectTags } = await hooks.client.request(SetTagsMutation, { input: { bucket, key, tags: editor.read() } });
      failIf(setObjectTags);
    }),
  );
  return h('div', { class: 'details-part' }, heading, editor.element, saveTags);
}

interface Headers {
  contentType?: string | null;
  cacheControl?: string | null;
  contentDisposition?: string | null;
  metadata?: Pair[] | null;
}

function headersPart(hooks: DetailsHooks, bucket: string, key: string, current: Headers, save: Saver): HTMLElement {
  const contentType = h('input', { 'data-testid': 'content-type', value: current.contentType ?? '' });
  const cacheControl = h('input', { 'data-testid': 'cache-control', value: current.cacheControl ?? '' });
  const contentDisposition = h('input', { 'data-testid': 'content-disposition', value: current.contentDisposition ?? '' });
  const metadata = pairEditor('metadata', current.metadata ?? []);
  const saveHeaders = actionButton(hooks, 'Save metadata', 'save-metadata', () =>
    save(async () => {
      const { updateObject } = await hooks.client.request(UpdateObjectMutation, {
        input: {
          bucket,
          key,
          contentType: contentType.value.trim() || undefined,
          cacheControl: cacheControl.value.trim(),
          contentDisposition: contentDisposition.value.trim(),
          metadata: metadata.read(),
        },
      });
      failIf(updateObject);
    }),
  );
  return h(
    'div',
    { class: 'details-part' },
    h('h3', {}, 'Metadata'),
    h('p', {}, 'Saved without sending the content again.'),
    labelled('Content type', contentType),
    labelled('Cache-Control', cacheControl),
    labelled('Content-Disposition', contentDisposition),
    metadata.element,
    saveHeaders,
  );
}

interface Lock {
  retention?: { mode: RetentionMode; retainUntil: string } | null;
  legalHold: boolean;
}

function lockPart(hooks: DetailsHooks, bucket: string, key: string, lock: Lock, save: Saver): HTMLElement {
  const state = lock.retention ? `${lock.retention.mode} until ${new Date(lock.retention.retainUntil).toLocaleString()}` : 'none';
  const mode = h(
    'select',
    { 'data-testid': 'retention-mode' },
    h('option', { value: 'GOVERNANCE' }, 'GOVERNANCE'),
    h('option', { value: 'COMPLIANCE' }, 'COMPLIANCE'),
  );
  const until = h('input', { type: 'datetime-local', 'data-testid': 'retain-until' });
  const retain = actionButton(hooks, 'Set retention', 'set-retention', () =>
    save(async () => {
      const retainUntil = new Date(until.value);
      const { setObjectRetention } = await hooks.client.request(SetRetentionMutation, {
        input: {
          bucket,
          key,
          mode: mode.value as RetentionMode,
          retainUntil: Number.isNaN(retainUntil.getTime()) ? until.value : retainUntil.toISOString(),
        },
      });
      failIf(setObjectRetention);
    }),
  );
  const hold = actionButton(hooks, lock.legalHold ? 'Lift legal hold' : 'Place legal hold', 'legal-hold', () =>
    save(async () => {
      const { setObjectLegalHold } = await hooks.client.request(SetLegalHoldMutation, {
        input: { bucket, key, legalHold: !lock.legalHold },
      });
      failIf(setObjectLegalHold);
    }),
  );
  return h(
    'div',
    { class: 'details-part' },
    h('h3', {}, 'Retention'),
    h('p', { 'data-testid': 'retention' }, `Retention: ${state}. Legal hold: ${lock.legalHold ? 'on' : 'off'}.`),
    labelled('Mode', mode),
    labelled('Until', until),
    retain,
    hold,
  );
}
