// A screen's row of tabs (role=tablist): one button per key, the active one marked, each with
// its test id. The screens own which tab is shown; this only draws and reports the pick.
type Props<K extends string> = {
  tabs: readonly K[];
  active: K;
  onPick: (k: K) => void;
  label: (k: K) => string;
  testId: (k: K) => string;
};

export function TabBar<K extends string>({ tabs, active, onPick, label, testId }: Props<K>) {
  return (
    <div className="tabs" role="tablist">
      {tabs.map((k) => (
        <button
          key={k}
          type="button"
          role="tab"
          aria-selected={active === k}
          className={`tab${active === k ? " tab--active" : ""}`}
          data-testid={testId(k)}
          onClick={() => onPick(k)}
        >
          {label(k)}
        </button>
      ))}
    </div>
  );
}
