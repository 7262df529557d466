import { failIf, type GatewayClient, GatewayRequestError } from './client.js';
import { h } from './dom.js';
import { graphql } from './gql/index.js';

/**
 * Object history in the object browser: an object's versions in its detail pane (download, preview, restore, delete one
 * for good), and "restore to a date" for a folder. A store that keeps no versions says so in place of the list.
 */

export const VersionsQuery = graphql(`
  query ObjectVersions($bucket: String!, $key: String!) {
    bucket(name: $bucket) {
      objectVersions(prefix: $key, first: 50) {
        edges {
          node {
            key
            versionId
            isLatest
            isDeleteMarker
            size
            lastModified
            object {
              contentType
              gatewayUrl
            }
          }
        }
      }
    }
  }
`);

export const RestoreVersionMutation = graphql(`
  mutation RestoreVersion($input: RestoreObjectVersionInput!) {
    restoreObjectVersion(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

export const DeleteVersionMutation = graphql(`
  mutation DeleteVersion($input: DeleteObjectInput!) {
    deleteObject(input: $input) {
      success
      error {
        code
        message
      }
    }
  }
`);

export const RestoreFolderMutation = graphql(`
  mutation RestoreFolder($input: RestorePrefixInput!) {
    restorePrefix(input: $input) {
      success
      error {
        code
        message
      }
      job {
        id
      }
    }
  }
`);

/** What the versions section needs of the page around it. */
export interface VersionsHost {
  client: GatewayClient;
  /** Runs an action, showing its failure as the page shows any other. */
  attempt(action: () => Promise<void>): Promise<void>;
  /** Called after a change, to show the folder and the pane anew. */
  changed(): Promise<void>;
}

const PREVIEW_TEXT_BYTES = 100_000;

function actionButton(host: VersionsHost, label: string, testId: string, action: () => Promise<void>): HTMLButtonElement {
  const created = h('button', { type: 'button', 'data-testid': testId }, label);
  created.addEventListener('click', () => void host.attempt(action));
  return created;
}

/** The versions of `key`, the newest first, as a section of the detail pane. */
export async function versionsSection(host: VersionsHost, bucket: string, key: string): Promise<HTMLElement> {
  const section = h('section', { 'data-testid': 'versions' }, h('h3', {}, 'Versions'));
  let edges;
  try {
    edges = (await host.client.request(VersionsQuery, { bucket, key })).bucket?.objectVersions?.edges ?? [];
  } catch (error) {
    if (!(error instanceof GatewayRequestError && error.code === 'NOT_SUPPORTED')) throw error;
    section.append(h('p', { 'data-testid': 'versions-unsupported' }, 'This store keeps no versions.'));
    return section;
  }
  const preview = h('pre', { 'data-testid': 'version-preview', hidden: '' });
  const list = h('ol', {});
  for (const { node: version } of edges.filter(({ node }) => node.key === key)) {
    const when = version.lastModified ? new Date(version.lastModified).toLocaleString() : '';
    const label = version.isDeleteMarker ? `${when}: deleted` : `${when}: ${version.size ?? 0} B`;
    const row = h('li', { 'data-testid': 'version' }, label, version.isLatest ? ' (latest) ' : ' ');
    const content = version.object;
    if (content) {
      row.append(
        actionButton(host, 'Download', 'version-download', async () => {
          const link = h('a', {
            href: URL.createObjectURL(await host.client.download(content.gatewayUrl)),
            download: key.split('/').pop() ?? key,
          });
          link.click();
          URL.revokeObjectURL(link.href);
        }),
        actionButton(host, 'Preview', 'version-preview-button', async () => {
          preview.textContent = await (await host.client.download(content.gatewayUrl)).slice(0, PREVIEW_TEXT_BYTES).text();
          preview.hidden = false;
        }),
      );
    }
    if (!version.isLatest && content) {
      row.append(
        actionButton(host, 'Restore', 'version-restore', async () => {
          const { restoreObjectVersion } = await host.client.request(RestoreVersionMutation, {
            input: { bucket, key, versionId: version.versionId },
          });
          failIf(restoreObjectVersion);
          await host.changed();
        }),
      );
    }
    row.append(
      actionButton(host, 'Delete for good', 'version-delete', async () => {
        if (!confirm(`Delete this version of ${key} for good?`)) return;
        const { deleteObject } = await host.client.request(DeleteVersionMutation, { input: { bucket, key, versionId: version.versionId } });
        failIf(deleteObject);
        await host.changed();
      }),
    );
    list.append(row);
  }
  section.append(list, preview);
  return section;
}

/** Asks for a moment and puts the folder back as it was then, as a job; answers the job's id to follow. */
export async function restoreFolderToDate(client: GatewayClient, bucket: string, prefix: string): Promise<string | undefined> {
  const answer = prompt(`Restore ${prefix} as it was at (date and time)`, new Date(Date.now() - 3_600_000).toISOString());
  if (answer === null) return undefined;
  const at = new Date(answer);
  if (Number.isNaN(at.getTime())) throw new GatewayRequestError(`"${answer}" is not a date and time.`, 'INVALID_INPUT');
  const { restorePrefix } = await client.request(RestoreFolderMutation, {
    input: { bucket, prefix, at: at.toISOString(), wait: false },
  });
  failIf(restorePrefix);
  return restorePrefix.job?.id;
}
