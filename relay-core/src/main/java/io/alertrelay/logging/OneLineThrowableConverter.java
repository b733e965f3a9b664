package io.alertrelay.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %oneLineEx} in the text layout: stack traces as Logback prints them, one line per frame, but each
 * exception's message (which may quote a request, a body or a plugin's input) on its one line, escaped as
 * {@link LogText#oneLine} does. So the lines of a stack trace are frames, "Caused by", and nothing a client wrote.
 */
public final class OneLineThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(tp == null ? null : new Escaped(tp));
    }

    /** The same exception, its message (and its causes' and suppressed ones') escaped. */
    private record Escaped(IThrowableProxy tp) implements IThrowableProxy {
        @Override
        public String getMessage() {
            return LogText.oneLine(tp.getMessage());
        }

        @Override
        public String getClassName() {
            return tp.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return tp.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return tp.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return tp.getCause() == null ? null : new Escaped(tp.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] s = tp.getSuppressed();
            if (s == null) return null;
            IThrowableProxy[] out = new IThrowableProxy[s.length];
            for (int i = 0; i < s.length; i++) out[i] = new Escaped(s[i]);
            return out;
        }

        @Override
        public boolean isCyclic() {
            return tp.isCyclic();
        }
    }
}
