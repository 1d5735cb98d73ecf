/** The mTLS recipe shared by brokers and host daemons ({@link io.xenia.protocol.tls.MutualTls}). */
package io.xenia.protocol.tls;
