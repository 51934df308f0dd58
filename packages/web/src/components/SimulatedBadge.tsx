/** Marks everything made from a simulated dataset: its numbers describe the simulator, not a brain. */
export function SimulatedBadge({ simulated }: { simulated: boolean }) {
  if (!simulated) return null;
  return (
    <span
      className="simulated"
      title="fitted on data the simulator made (planted ground truth), not on measured fMRI responses"
    >
      Simulated data
    </span>
  );
}
