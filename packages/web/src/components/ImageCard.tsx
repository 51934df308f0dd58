import { areaShares } from "../lib/area-shares.ts";
import { fmt } from "../lib/format.ts";
import { className, imageClasses, type ShownClass } from "../lib/image-classes.ts";
import type { ImageResultJson } from "../api/types.ts";
import { AreaShares } from "./AreaShares.tsx";

/**
 * One test image: the stimulus, r / cosine / rank, its area shares when the run stored them, and the
 * classifier head's top-5 classes on its true and on its predicted features by name with their
 * probability (older runs stored indices only: "class N"), or why there are none.
 */
export function ImageCard({
  result,
  src,
  nTest,
  classNames,
  noClasses,
  areaOrder,
}: {
  result: ImageResultJson;
  src: string;
  nTest: number;
  classNames?: readonly string[];
  noClasses: string;
  areaOrder?: readonly string[];
}) {
  const { top5True, top5Pred, overlap } = imageClasses(result.extra);
  const shares = areaShares(result.extra, areaOrder);
  const identified = result.rank === 1;
  return (
    <article className="image-card" aria-label={`Test image ${result.imageIndex}`}>
      <img
        src={src}
        alt={`stimulus, test image ${result.imageIndex}`}
        width={112}
        height={112}
        loading="lazy"
        decoding="async"
      />
      <div>
        <h4>
          Image {result.imageIndex}
          {identified && (
            <span className="badge" title="the prediction's best match is the true image">
              identified
            </span>
          )}
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
      {shares && <AreaShares shares={shares} />}
      {top5True && top5Pred ? (
        <div className="classes">
          <ClassList
            title="Classifier on the CNN's features"
            hint="the model's classifier head applied to the image's true CNN features (not a ground-truth label)"
            classes={top5True}
            other={top5Pred}
            names={classNames}
          />
          <ClassList
            title="Classifier on the translation"
            hint="the same head applied to the features translated from the brain responses"
            classes={top5Pred}
            other={top5True}
            names={classNames}
          />
        </div>
      ) : (
        <p className="classes muted">{noClasses}</p>
      )}
    </article>
  );
}

function ClassList({
  title,
  hint,
  classes,
  other,
  names,
}: {
  title: string;
  hint: string;
  classes: ShownClass[];
  other: ShownClass[];
  names: readonly string[] | undefined;
}) {
  return (
    <div>
      <h5 title={hint}>{title}</h5>
      <ol>
        {classes.map((c, i) => {
          const shared = other.some((o) => o.index === c.index);
          const full = `${c.name ?? names?.[c.index] ?? "unnamed"} (ImageNet class ${c.index})${c.p === null ? "" : `, p = ${fmt(c.p, 3)}`}${shared ? "; in both top-5 lists" : ""}`;
          return (
            <li key={`${i}:${c.index}`} className={shared ? "shared" : undefined} title={full}>
              <span className="class-name">{className(c, names)}</span>
              {c.p !== null && <span className="class-p"> {fmtPercent(c.p)}</span>}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** A probability as a short percentage ("42%", "<1%"). */
function fmtPercent(p: number): string {
  return p < 0.005 ? "<1%" : `${Math.round(100 * p)}%`;
}
