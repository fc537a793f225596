/** The longest message a user may send, on every face (a longer one is refused before it becomes an event). */
export const MAX_MESSAGE_LENGTH = 100_000;
