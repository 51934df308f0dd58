import { fmt } from "../lib/format.ts";
import { className, imageClasses } from "../lib/image-classes.ts";
import type { ImageResultJson } from "../api/types.ts";

/** One test image: the stimulus, r / cosine / rank, and the top-5 classes of its true and predicted features. */
export function ImageCard({ result, src, nTest, classNames }: { result: ImageResultJson; src: string; nTest: number; classNames?: readonly string[] }) {
  const { top5True, top5Pred, overlap } = imageClasses(result.extra);
  const identified = result.rank === 1;
  return (
    <article className="image-card" aria-label={`Test image ${result.imageIndex}`}>
      <img src={src} alt={`stimulus, test image ${result.imageIndex}`} width={112} height={112} loading="lazy" decoding="async" />
      <div>
        <h4>
          Image {result.imageIndex}
          {identified && <span className="badge" title="the prediction's best match is the true image">identified</span>}
        </h4>
        <dl className="scores">
          <dt>r</dt>
          <dd>{fmt(result.r)}</dd>
          <dt>cosine</dt>
          <dd>{fmt(result.cosine)}</dd>
          <dt>rank</dt>
          <dd>
            {result.rank} / {nTest}
          </dd>
        </dl>
        {overlap !== null && <p className="overlap">top-5 classes: {overlap} of 5 shared</p>}
      </div>
      {top5True && top5Pred ? (
        <div className="classes">
          <ClassList title="True features" classes={top5True} other={top5Pred} names={classNames} />
          <ClassList title="Predicted" classes={top5Pred} other={top5True} names={classNames} />
        </div>
      ) : (
        <p className="classes muted">No classes: the layer is not the classifier's input.</p>
      )}
    </article>
  );
}

function ClassList({ title, classes, other, names }: { title: string; classes: number[]; other: number[]; names: readonly string[] | undefined }) {
  return (
    <div>
      <h5>{title}</h5>
      <ol>
        {classes.map((c, i) => (
          <li key={`${i}:${c}`} className={other.includes(c) ? "shared" : undefined} title={other.includes(c) ? "in both top-5 lists" : undefined}>
            {className(c, names)}
          </li>
        ))}
      </ol>
    </div>
  );
}
