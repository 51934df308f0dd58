import { Fragment } from "react";

/** The path to the page: links up to the current page (last, not a link). */
export function Crumbs({ trail }: { trail: readonly (readonly [string, string | null])[] }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      {trail.map(([label, link], i) => (
        <Fragment key={`${i}:${label}`}>
          {i > 0 && <span aria-hidden="true"> / </span>}
          {link === null ? <span aria-current="page">{label}</span> : <a href={link}>{label}</a>}
        </Fragment>
      ))}
    </nav>
  );
}
