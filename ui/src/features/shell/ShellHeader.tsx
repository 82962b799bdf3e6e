// The signed-in header both apps share (plant and HQ): the app's name and whose database this
// is, the user with their role, the language switch and sign-out.
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { signOut, type Session } from "../../ipc/api";
import { LanguageSwitch } from "../../components/LanguageSwitch";

type Props = {
  /** Whose database: the plant or the group (with its own test id). */
  place: ReactNode;
  session: Session;
  onSignedOut: () => Promise<void> | void;
};

export function ShellHeader({ place, session, onSignedOut }: Props) {
  const { t } = useTranslation();
  const [signingOut, setSigningOut] = useState(false);

  const doSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      // Whatever happened, ask the core who is signed in now.
      await onSignedOut();
    }
  };

  return (
    <header className="shell__header">
      <div className="shell__brand">
        <span className="shell__app">{t("app.name")}</span>
        {place}
      </div>
      <div className="shell__user">
        <span data-testid="header-user">{t("shell.user", { name: session.display_name, role: t(`roles.${session.role}`) })}</span>
        <LanguageSwitch />
        <button type="button" className="btn btn--ghost" data-testid="signout" disabled={signingOut} onClick={() => void doSignOut()}>
          {t("shell.signOut")}
        </button>
      </div>
    </header>
  );
}
