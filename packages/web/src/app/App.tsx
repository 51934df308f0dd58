import { useEffect, useState } from "react";
import { parseRoute, href, type Route } from "../lib/route.ts";
import { ComparePage } from "../pages/ComparePage.tsx";
import { Crumbs } from "../components/Crumbs.tsx";
import { DatasetPage } from "../pages/DatasetPage.tsx";
import { DatasetsPage } from "../pages/DatasetsPage.tsx";
import { RunPage } from "../pages/RunPage.tsx";
import { RunsPage } from "../pages/RunsPage.tsx";

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseRoute(window.location.hash));
      window.scrollTo(0, 0);
      // Move focus to the new page's content, as a full page load would, for keyboard and screen-reader users.
      document.getElementById("main")?.focus({ preventScroll: true });
    };
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

/** The viewer: a header, and the page the URL hash names. */
export function App() {
  const route = useRoute();
  return (
    <>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="app-header">
        <h1>
          <a href={href({ page: "runs" })}>NeuroTranslator</a>
        </h1>
        <p>fMRI voxel responses → CNN features: results viewer</p>
        <nav aria-label="Main" className="main-nav">
          <a
            href={href({ page: "runs" })}
            aria-current={
              route.page === "runs" || route.page === "run" || route.page === "compare" ? "page" : undefined
            }
          >
            Runs
          </a>
          <a
            href={href({ page: "datasets" })}
            aria-current={route.page === "datasets" || route.page === "dataset" ? "page" : undefined}
          >
            Datasets
          </a>
          <a href="/docs">API docs</a>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "runs":
      return <RunsPage />;
    case "run":
      return <RunPage key={route.id} id={route.id} />;
    case "compare":
      return <ComparePage ids={route.ids} />;
    case "datasets":
      return <DatasetsPage />;
    case "dataset":
      return <DatasetPage key={route.name} name={route.name} />;
    case "not-found":
      return (
        <section>
          <Crumbs
            trail={[
              ["Runs", href({ page: "runs" })],
              ["no such page", null],
            ]}
          />
          <p className="status">
            No page at <code>{route.hash}</code>. Go to the <a href={href({ page: "runs" })}>runs table</a> or
            the <a href={href({ page: "datasets" })}>datasets</a>.
          </p>
        </section>
      );
  }
}
