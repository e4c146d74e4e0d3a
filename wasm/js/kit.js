// The test helpers, over `checkTrust`: assertions and Jest/Vitest matchers whose failure
// message is the core's explanation (the text the Rust assertions and the CLI write). The
// two entries (node.js, browser.js) pass in their own `checkTrust`.

/** The token text of a token given as a string or as a `tokens.*()` result. */
function tokenText(token) {
  if (typeof token === 'string') return token;
  if (token !== null && typeof token === 'object' && typeof token.jwt === 'string') return token.jwt;
  throw new TypeError('oidc-trust: the token must be a string or a token from `tokens`');
}

export function testKit(checkTrust) {
  const check = (expect, { token, ...rest }) => checkTrust({ ...rest, token: tokenText(token), expect });

  const assertion = (expect) => (trustCase) => {
    const result = check(expect, trustCase);
    if (!result.passed) {
      const error = new Error(result.message);
      error.name = 'TrustAssertionError';
      throw error;
    }
    return result.analysis;
  };

  // `pass` says whether the matcher's own claim holds (accepted for `toBeAcceptedBy`); under
  // `.not` the explanation is written against the opposite expectation.
  const matcher = (expect, opposite) =>
    function (token, policy, options = {}) {
      const negated = Boolean(this?.isNot);
      const result = check(negated ? opposite : expect, { ...options, policy, token });
      return { pass: result.passed !== negated, message: () => result.message };
    };

  return {
    expectAccepted: assertion('accepted'),
    expectRefused: assertion('refused'),
    matchers: {
      toBeAcceptedBy: matcher('accepted', 'refused'),
      toBeRefusedBy: matcher('refused', 'accepted'),
    },
  };
}
