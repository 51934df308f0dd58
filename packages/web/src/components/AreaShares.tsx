import { AREA_SHARE_DEFINITION, leadingArea, type AreaShare } from "../lib/area-shares.ts";
import { fmt } from "../lib/format.ts";
import { linearScale } from "../lib/scale.ts";

const ROW = 11;
const W = 236;
const LABEL = 44;
const VALUE = 84;

/**
 * One image's area shares as small horizontal bars on a common signed axis (0 marked; the axis
 * widens to hold negative shares and shares above 1), the leading area named above them, and beside
 * each bar the share and the area's agreement r (does its part point where the true features depart
 * from the baseline?).
 */
export function AreaShares({ shares }: { shares: readonly AreaShare[] }) {
  const lo = Math.min(0, ...shares.map((s) => s.share));
  const hi = Math.max(1, ...shares.map((s) => s.share));
  const x = linearScale([lo, hi], [LABEL, W - VALUE]);
  const lead = leadingArea(shares);
  const H = shares.length * ROW + 4;
  const describe = `Area shares of this image: ${shares.map((s) => `${s.area} ${fmt(s.share, 2)}${s.agreement === null ? "" : ` (agreement r ${fmt(s.agreement, 2)})`}`).join(", ")}`;
  return (
    <figure className="area-shares">
      <figcaption title={AREA_SHARE_DEFINITION}>
        Area shares{lead ? `: ${lead.area} leads` : ""}{" "}
        <span className="muted">(signed, sum 1; r: agreement with the true features)</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={describe}>
        <title>{`${describe}. ${AREA_SHARE_DEFINITION}`}</title>
        <line className="zero" x1={x(0)} x2={x(0)} y1={0} y2={H} />
        {shares.map((s, k) => {
          const y = 2 + k * ROW;
          const [a, b] = [x(Math.min(0, s.share)), x(Math.max(0, s.share))];
          return (
            <g key={s.area}>
              <text className="share-label" x={LABEL - 3} y={y + 8} textAnchor="end">
                {s.area}
              </text>
              <rect
                className={s.share < 0 ? "share-bar negative" : "share-bar"}
                x={a}
                y={y + 1}
                width={Math.max(0.5, b - a)}
                height={ROW - 3}
              />
              <text className="share-label" x={W - VALUE + 34} y={y + 8} textAnchor="end">
                {fmt(s.share, 2)}
              </text>
              {s.agreement !== null && (
                <text className="share-label muted-text" x={W - 2} y={y + 8} textAnchor="end">
                  r {fmt(s.agreement, 2)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
