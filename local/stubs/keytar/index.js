// The Forge CLI keeps login tokens in the OS keychain through keytar. This project only uses
// @forge/lint and @forge/manifest offline, which never log in, so every call says so plainly.
const unavailable = async () => {
  throw new Error(
    'keytar is not available here: this project runs @forge/lint offline and never logs in to Forge.',
  );
};
module.exports = {
  getPassword: unavailable,
  setPassword: unavailable,
  deletePassword: unavailable,
  findPassword: unavailable,
  findCredentials: unavailable,
};
