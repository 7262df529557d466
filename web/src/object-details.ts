import { failIf, type GatewayClient } from './client.js';
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
      tags {
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

/** The section for the object, loaded now; each save reloads it, so it shows what the store keeps. */
export async function objectDetailsSection(hooks: DetailsHooks, bucket: string, key: string): Promise<HTMLElement> {
  const section = h('section', { class: 'object-details', 'data-testid': 'object-details' });
  const render = async () => {
    const { object } = await hooks.client.request(LabelsQuery, { bucket, key });
    if (!object) {
      section.replaceChildren();
      return;
    }
    section.replaceChildren(
      tagsPart(hooks, bucket, key, object.tags, render),
      headersPart(hooks, bucket, key, object, render),
      lockPart(hooks, bucket, key, object, render),
    );
  };
  await render();
  return section;
}

function tagsPart(hooks: DetailsHooks, bucket: string, key: string, tags: Pair[], reload: () => Promise<void>): HTMLElement {
  const editor = pairEditor('tag', tags);
  const save = actionButton(hooks, 'Save tags', 'save-tags', async () => {
    const { setObjectTags } = await hooks.client.request(SetTagsMutation, { input: { bucket, key, tags: editor.read() } });
    failIf(setObjectTags);
    await reload();
  });
  return h('div', { class: 'details-part' }, h('h3', {}, 'Tags'), editor.element, save);
}

interface Headers {
  contentType?: string | null;
  cacheControl?: string | null;
  contentDisposition?: string | null;
  metadata?: Pair[] | null;
}

function headersPart(hooks: DetailsHooks, bucket: string, key: string, current: Headers, reload: () => Promise<void>): HTMLElement {
  const contentType = h('input', { 'data-testid': 'content-type', value: current.contentType ?? '' });
  const cacheControl = h('input', { 'data-testid': 'cache-control', value: current.cacheControl ?? '' });
  const contentDisposition = h('input', { 'data-testid': 'content-disposition', value: current.contentDisposition ?? '' });
  const metadata = pairEditor('metadata', current.metadata ?? []);
  const save = actionButton(hooks, 'Save metadata', 'save-metadata', async () => {
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
    await reload();
  });
  return h(
    'div',
    { class: 'details-part' },
    h('h3', {}, 'Metadata'),
    h('p', {}, 'Saved without sending the content again.'),
    labelled('Content type', contentType),
    labelled('Cache-Control', cacheControl),
    labelled('Content-Disposition', contentDisposition),
    metadata.element,
    save,
  );
}

interface Lock {
  retention?: { mode: RetentionMode; retainUntil: string } | null;
  legalHold: boolean;
}

function lockPart(hooks: DetailsHooks, bucket: string, key: string, lock: Lock, reload: () => Promise<void>): HTMLElement {
  const state = lock.retention ? `${lock.retention.mode} until ${new Date(lock.retention.retainUntil).toLocaleString()}` : 'none';
  const mode = h(
    'select',
    { 'data-testid': 'retention-mode' },
    h('option', { value: 'GOVERNANCE' }, 'GOVERNANCE'),
    h('option', { value: 'COMPLIANCE' }, 'COMPLIANCE'),
  );
  const until = h('input', { type: 'datetime-local', 'data-testid': 'retain-until' });
  const retain = actionButton(hooks, 'Set retention', 'set-retention', async () => {
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
    await reload();
  });
  const hold = actionButton(hooks, lock.legalHold ? 'Lift legal hold' : 'Place legal hold', 'legal-hold', async () => {
    const { setObjectLegalHold } = await hooks.client.request(SetLegalHoldMutation, { input: { bucket, key, legalHold: !lock.legalHold } });
    failIf(setObjectLegalHold);
    await reload();
  });
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
