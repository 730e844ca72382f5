import { type TerraformElement, TerraformStack } from 'cdktf';
import { Node } from 'constructs';

/** What every auditready stack shares: readable resource addresses, and no cross-stack preparing pass. */
export abstract class AuditreadyStack extends TerraformStack {
  /**
   * cdktf's preparing pass resolves every element once more only to find cross-stack references and
   * to add a default backend. auditready stacks never reference each other (names and ARNs are built as
   * strings) and always declare their backend, so the pass finds nothing; skipping it saves a third of
   * synthesis time. (A reference to another stack would surface as an undeclared resource in
   * `terraform validate`, which the tests run on every stack.) Deploy order between stacks is declared
   * with `addDependency`, which does not need the pass.
   */
  prepareStack(): void {}

  /** Readable, stable addresses (`aws_s3_bucket.audit-bucket_bucket`) instead of hashed ones. */
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    // scopes[0] is the app and scopes[1] this stack: the stack is already the file.
    return node.scopes
      .slice(2)
      .map((s) => s.node.id)
      .join('_')
      .replace(/[^A-Za-z0-9_-]/g, '_');
  }
}
